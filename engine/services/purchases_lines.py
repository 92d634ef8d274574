"""The lines of a received document as entered: by account (ventilation, ACCOUNT:VAT:AMOUNT) or by article and
quantity (Crésus Facturation manual §3.8.6), and their ReceivedLines rows.

An article line takes from the Articles sheet its expense account (ExpenseAccount, else the creditor's), its
purchase price (PurchasePrice, without VAT, unless the line gives one) and the input-tax code of its VatCode's rate
(engine.domain.purchases_articles); its amount is quantity × price without VAT, and its VAT rate × that amount.
The row keeps ArticleId, Quantity and UnitPrice: what came in, for the stock (:func:`received_articles`).
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from engine.domain.purchases_articles import line_net, purchase_vat_code
from engine.domain.purchases_split import GROSS, NET, Allocation, Line
from engine.domain.vat import VatRates
from engine.errors import BusinessRuleError
from engine.i18n import LANGUAGES, catalogue, tr
from engine.money import to_decimal, to_money
from engine.schema import terms

IN_STOCK = ("L", "F")  # a receipt, or an invoice entered without one: the goods came in
# The line that takes what the lines leave of the invoiced total (the manual's "ligne Balance"): its designation,
# keyed in the catalogue so each book reads its own word (Saldo in a German book, where "balance" stood in all).
REMAINDER = ("received line", "balance")


def remainder_word(language: str) -> str:
    """The designation of the Balance line in a book in ``language`` (English included)."""
    return catalogue(language if language in LANGUAGES else "en").pgettext(*REMAINDER)


def is_remainder_word(text) -> bool:
    """True for the Balance line's designation in any of the four languages (a book translated since, or typed
    by a user of another language), whatever its case."""
    return str(text or "").strip().casefold() in _remainder_words()


@cache
def _remainder_words() -> frozenset[str]:
    return frozenset(remainder_word(language).casefold() for language in LANGUAGES)


def article(book, article_id: str, position: int):
    key = str(article_id).strip().upper()
    found = next((a for a in book.records("Articles") if str(a.article_id or "").strip().upper() == key), None)
    if found is None:
        raise BusinessRuleError(tr('line {position}: there is no article "{article}"', book.language,
                                   position=position, article=article_id),
                                tr("pick an id from the {sheet} sheet", book.language, sheet=book.title("Articles")))
    return found


def entered_line(book, supplier, values: Mapping, position: int, on: date, currency: str = "CHF") -> Line:
    """A detailed-form line from ``values`` (account, vat_code, amount, amount_type, or article_id, quantity,
    unit_price, designation) of a document in ``currency``."""
    from engine.services.purchases import account_vat_code
    values = dict(values)
    item = article(book, values["article_id"], position) if values.get("article_id") else None
    account = values.get("account") or (item and item.expense_account) or supplier.expense_account or ""
    vat = values.get("vat_code")
    if not vat and item is not None and item.vat_code:
        vat = purchase_vat_code(item.vat_code, VatRates.from_records(book.records("VatCodes")), on)
    elif not vat:
        vat = supplier.vat_code or account_vat_code(book, account)
    amount = values.get("amount")
    quantity = values.get("quantity")
    price = values.get("unit_price")
    if price in (None, "") and item is not None and quantity is not None:  # the price makes quantity × price
        price = item.purchase_price
        if price is not None and (currency or "CHF") != "CHF":  # the Articles prices are the company's, in CHF
            raise BusinessRuleError(tr('line {position}: the purchase price of "{article}" is in CHF, the document in '
                                       '{currency}', book.language, position=position, article=item.article_id,
                                       currency=currency),
                                    tr("give the price in {currency}: --line ARTICLE:QTY:PRICE (or type {column} on "
                                       "the line)", book.language, currency=currency,
                                       column=terms.header("UnitPrice", book.language)))
        if price is None and quantity is not None and amount is None:
            raise BusinessRuleError(tr('line {position}: article "{article}" has no purchase price', book.language,
                                       position=position, article=item.article_id),
                                    tr("fill its {column} in {sheet}, or give the price: --line ARTICLE:QTY:PRICE",
                                       book.language, column=terms.header("PurchasePrice", book.language),
                                       sheet=book.title("Articles")))
    kind = (values.get("amount_type") or (NET if item is not None else GROSS)).lower()
    if quantity is not None:
        quantity = to_decimal(quantity)
        if quantity <= 0:
            raise BusinessRuleError(tr("line {position}: a quantity of {quantity} is not received", book.language,
                                       position=position, quantity=quantity),
                                    tr("enter the quantity received, above 0 (a return is a credit note, stage N)",
                                       book.language))
    if quantity is not None and price is not None:
        price = to_money(price)
        computed = line_net(quantity, price)
        if amount is not None and to_money(amount) != computed:
            raise BusinessRuleError(tr("line {position}: amount {amount} does not match quantity × price = "
                                       "{computed}", book.language, position=position, amount=to_money(amount),
                                       computed=computed),
                                    tr("correct the quantity, the price or the amount", book.language))
        amount = computed
    if amount is None:
        raise BusinessRuleError(tr("line {position}: no amount", book.language, position=position),
                                tr("enter an amount, or a quantity and a unit price", book.language))
    if kind not in (GROSS, NET):
        raise BusinessRuleError(tr('line {position}: amount type "{kind}" is neither gross nor net', book.language,
                                   position=position, kind=kind),
                                tr("gross = with VAT (TTC), net = without VAT (HT)", book.language))
    label = values.get("designation") or (item and item.designation) or ""
    return Line(account=account, vat_code=vat or "", amount=to_money(amount), amount_type=kind, label=label,
                article_id=item.article_id if item is not None else "", quantity=quantity,
                unit_price=None if price is None else to_money(price))


def line_record(book, number: str, position: int, allocation: Allocation, entered: Line | None):
    """The ReceivedLines row of an allocation; an entered net line stays net unless extra costs grew it."""
    if entered is not None and entered.amount_type == NET and allocation.gross == entered.amount + allocation.vat:
        amount, kind = entered.amount, NET
    else:
        amount, kind = allocation.gross, GROSS
    label = remainder_word(book.language) if allocation.remainder else allocation.label
    return book.new("ReceivedLines", invoice_number=number, position=position, designation=label or None,
                    account=allocation.account, vat_code=allocation.vat_code or None, amount=amount,
                    amount_type=kind, vat_amount=allocation.vat,
                    article_id=(entered.article_id or None) if entered else None,
                    quantity=entered.quantity if entered else None,
                    unit_price=entered.unit_price if entered else None)


class ReceivedArticle(NamedTuple):
    """Articles that came in: one per ReceivedLines row with an ArticleId of a receipt (L) or invoice (F); a
    tuple (article_id, quantity, date, number, stage, position)."""

    article_id: str
    quantity: Decimal
    date: date
    number: str
    stage: str
    position: int


def received_articles(book, stages=IN_STOCK) -> list[ReceivedArticle]:
    """What the received documents at ``stages`` brought in, by document date then number and position: the
    stock's entries. A document keeps its number and lines from order to invoice, so each counts once; its date is
    the current stage's (a receipt moved on to the invoice takes the invoice's date: the book keeps no other)."""
    documents = {r.number: r for r in book.records("ReceivedInvoices") if r.stage in stages and r.date is not None}
    out = [ReceivedArticle(line.article_id, line.quantity, documents[line.invoice_number].date, line.invoice_number,
                           documents[line.invoice_number].stage, line.position or 0)
           for line in book.records("ReceivedLines")
           if line.invoice_number in documents and line.article_id and line.quantity is not None]
    return sorted(out, key=lambda a: (a.date, a.number, a.position))
