"""The .docx layer: GB/T 9704 measurements (gbt9704), the fixed OOXML parts made from them
(ooxml), title line breaking (titles) and the writer that turns blocks into a package (writer).
Nothing outside this folder knows a font, a size or an XML element."""
