"""Demo step "VAT return": the eMWST file (eCH-0217) of each quarter of the year, in DIR/vat/, as `comptoir ledger
vat-return` writes it: the demo company files under the effective method on the agreed basis."""
from __future__ import annotations

from engine.i18n import tr
from engine.services import vat_return


def step(ctx) -> str:
    folder = ctx.folder / "vat"
    said = []
    for quarter in range(1, 5):
        path, vat = vat_return.write_return(ctx.ledger, f"{ctx.year}-Q{quarter}", invoicing=ctx.invoicing,
                                            out=folder / f"eMWST-{ctx.year}-Q{quarter}.xml")
        ctx.facts.setdefault("vat_returns", []).append((path, vat))
        said.append(f"Q{quarter} {vat.payable:,.2f}".replace(",", "'"))
    return tr("VAT returns (eCH-0217, effective method) in {folder}: tax payable {quarters}", ctx.language,
              folder=folder, quarters=", ".join(said))
