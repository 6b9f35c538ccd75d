"""How much input the tool accepts, in one place. Every limit is far above what a real office
file holds (the largest example is 17 KB, a few hundred values, nesting 12 deep) and low enough
that a file past it is refused in well under a second, with a message naming the limit."""

MAX_FILE_BYTES = 8 * 1024 * 1024     # a year file, units table, records sheet or workbook
MAX_DEPTH = 50                       # lists and mappings inside each other
MAX_NODES = 100_000                  # values, lists and mappings a YAML file writes
MAX_VALUES = 100_000                 # the same after aliases (*引用) are expanded
MAX_ALIASES = 1_000                  # *引用 in one file
MAX_TEXT_CHARS = 32_767              # one text, key or table cell (Excel's own cell limit)
MAX_ROWS = 100_000                   # rows of a units table or records sheet
MAX_COLUMNS = 1_000                  # and its columns
MAX_UNPACKED_BYTES = 256 * 1024 * 1024   # a workbook's parts unzipped (a zip bomb is small packed)
MAX_NUMBERED_ITEMS = 9_999           # sections or items at one level: 一 … 九千九百九十九
