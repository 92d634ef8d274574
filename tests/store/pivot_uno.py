"""Add a real pivot table to a workbook with LibreOffice (UNO DataPilot), for the preservation test.

Run with the *system* python3 (python3-uno lives in /usr/lib/python3/dist-packages):
``python3 tests/store/pivot_uno.py IN.xlsx OUT.xlsx PROFILE_DIR``. It starts its own headless soffice on a
private pipe and profile, adds a sheet "Pivot" holding a DataPilot over the used range of "Clients" (rows: Town;
data: count of ClientId, sum of Discount) and stores the book as xlsx, which gives the pivotCacheDefinition,
pivotCacheRecords and pivotTable parts LibreOffice writes. (uno is imported inside ``main`` so pytest's doctest
collection can import this file without it.)
"""
from __future__ import annotations

import os
import subprocess
import sys
import time


def main(source: str, target: str, profile: str) -> int:
    import uno  # noqa: PLC0415 - only the system python has it
    from com.sun.star.beans import PropertyValue
    from com.sun.star.table import CellAddress

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    pipe = f"comptoir_pivot_{os.getpid()}"
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--nologo", "--norestore",
                               f"-env:UserInstallation=file://{profile}",
                               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 60
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # NoConnectException until soffice listens
                if time.monotonic() > deadline or office.poll() is not None:
                    raise
                time.sleep(0.3)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                           (prop("Hidden", True),))
        sheets = doc.Sheets
        clients = sheets.getByName("Clients")
        cursor = clients.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last_row, last_col = cursor.RangeAddress.EndRow, cursor.RangeAddress.EndColumn
        data = clients.getCellRangeByPosition(0, 0, last_col, last_row)
        sheets.insertNewByName("Pivot", sheets.Count)
        pivot = sheets.getByName("Pivot")
        tables = pivot.DataPilotTables
        descriptor = tables.createDataPilotDescriptor()
        descriptor.SourceRange = data.RangeAddress
        header = [clients.getCellByPosition(c, 0).String for c in range(last_col + 1)]
        fields = descriptor.DataPilotFields
        from com.sun.star.sheet.DataPilotFieldOrientation import ROW, DATA
        from com.sun.star.sheet.GeneralFunction import COUNT, SUM
        town = fields.getByIndex(header.index("Town"))
        town.Orientation = ROW
        count = fields.getByIndex(header.index("ClientId"))
        count.Orientation = DATA
        count.Function = COUNT
        discount = fields.getByIndex(header.index("Discount"))
        discount.Orientation = DATA
        discount.Function = SUM
        address = CellAddress()
        address.Sheet, address.Column, address.Row = sheets.Count - 1, 0, 0
        tables.insertNewByName("ClientsByTown", address, descriptor)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                       (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge drops as soffice exits
            pass
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()
    return 0 if os.path.exists(target) else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
