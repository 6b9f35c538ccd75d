"""The .docx layer: GB/T 9704 measurements (gbt9704), the fixed OOXML parts made from them
(ooxml), title line breaking (titles), the 版头, the cover notice's 署名 and the 版记 as layout
tables (letterhead, notice, colophon, layout_tables), a unit's own letterhead file
(letterhead_file) and the writer that turns blocks into a package (writer).
Nothing outside this folder knows a font, a size or an XML element."""
