"""Documents other tools wrote, read into year files: `wordfile` reads a .docx with the
standard library (Word's list numbers resolved), `marks` knows the parts by their text,
`document` places them, `tables` reads the attachments' tables as data, and `placeholders`
turns the level's words and the counts back into placeholders."""
