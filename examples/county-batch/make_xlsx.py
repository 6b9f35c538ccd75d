"""Write units.xlsx from units.csv: the same units as an Excel workbook, the way a county
office keeps its table (dates as date cells). Run after editing units.csv:

    python examples/county-batch/make_xlsx.py
"""

import csv
import datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent


def main() -> None:
    with open(HERE / "units.csv", encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "镇街"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([datetime.date.fromisoformat(value) if name.endswith(".date") else value
                      for name, value in zip(header, row)])
    for cell in sheet["D"][1:]:
        cell.number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCD", (14, 8, 14, 12)):
        sheet.column_dimensions[letter].width = width
    workbook.save(HERE / "units.xlsx")


if __name__ == "__main__":
    main()
