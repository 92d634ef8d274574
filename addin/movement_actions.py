"""The ribbon's Movement menu: the bookkeeper's decisions on the selected pending movements (banking manual
§6.2.1, §6.6.1), the same services as `comptoir bank action|delete|split|unsplit|label`."""
from __future__ import annotations

from engine.errors import ComptoirError
from engine.services import bank_movements
from engine.store.book import Book


def _ids(book: Book, xl_book) -> list[int]:
    from addin.ribbon_actions import selected
    return [m.movement_id for m in selected(book, xl_book, "Movements")]


def _action(book: Book, xl_book, action: str, done: str) -> str:
    count = bank_movements.set_action(book, _ids(book, xl_book), action)
    book.save()
    return f"{count} movement(s) {done}; marked M, recognition keeps the choice."


def post_movement(book: Book, ui, xl_book) -> str:
    return _action(book, xl_book, "post", "will be posted (Comptabiliser)")


def skip_movement(book: Book, ui, xl_book) -> str:
    return _action(book, xl_book, "skip", "will be processed without an entry (Ne pas comptabiliser)")


def keep_pending(book: Book, ui, xl_book) -> str:
    return _action(book, xl_book, "pending", "stay pending when the others are posted (Garder en attente)")


def force_posting(book: Book, ui, xl_book) -> str:
    return _action(book, xl_book, "force", "will be posted although excluded (Forcer la comptabilisation)")


def delete_movement(book: Book, ui, xl_book) -> str:
    count = bank_movements.delete(book, _ids(book, xl_book))
    book.save()
    return f"{count} movement(s) deleted; Back to pending brings them back."


def _ask_text(xl_book, prompt: str) -> str:
    api = getattr(getattr(xl_book, "app", None), "api", None)
    ask = getattr(api, "InputBox", None)
    if ask is None:
        raise ComptoirError("this Excel offers Python no input box",
                            "type the lines in the movement's Lines cell, or use `comptoir bank split`")
    answer = ask(prompt, "Comptoir", Type=2)  # Type=2: text
    if answer is False or answer in (None, ""):
        raise ComptoirError("cancelled", "nothing was changed")
    return str(answer)


def multiple_entry(book: Book, ui, xl_book) -> str:
    (movement_id, *more) = _ids(book, xl_book)
    if more:
        raise ComptoirError("select one movement to make a multiple entry", "then click the button again")
    spec = _ask_text(xl_book, f"Movement {movement_id}: lines ACCOUNT|AMOUNT|LABEL; … "
                              "(e.g. 6210|90.50|Essence; 6500|27.00|Alimentation)")
    rest = bank_movements.split(book, movement_id, spec)
    book.save()
    return (f"Movement {movement_id} is a multiple entry: "
            + ("balanced." if rest == 0 else f"{rest} still to book; posting refuses it until the lines add up."))


def normal_entry(book: Book, ui, xl_book) -> str:
    ids = _ids(book, xl_book)
    for movement_id in ids:
        bank_movements.unsplit(book, movement_id)
    book.save()
    return f"{len(ids)} movement(s) are normal entries again (their debit and credit accounts)."


def _label(book: Book, xl_book, source: str) -> str:
    count = bank_movements.choose_label(book, _ids(book, xl_book), source)
    book.save()
    return f"{count} movement(s) take their label from {source} (LabelFrom column)."


def label_from_communication(book: Book, ui, xl_book) -> str:
    return _label(book, xl_book, "communication")


def label_from_bank(book: Book, ui, xl_book) -> str:
    return _label(book, xl_book, "bank")


def predefined_label(book: Book, ui, xl_book) -> str:
    return _label(book, xl_book, "predefined")


def bank_portal(book: Book, ui, xl_book) -> str:
    """The e-banking portal of the selected movement's bank account (else of the only account with an address)."""
    import webbrowser
    from engine.services.bank_portal import portal_of
    selection = getattr(getattr(xl_book, "app", None), "selection", None)
    iban = None
    sheets = {book.title(name): name for name in ("Movements", "BankAccounts")}  # as the book names them
    if selection is not None and selection.sheet.name in sheets:
        from addin.ribbon_actions import selected
        first = selected(book, xl_book, sheets[selection.sheet.name])[0]
        iban = getattr(first, "bank_iban", None) or getattr(first, "iban", None)
    name, url = portal_of(book, iban)
    webbrowser.open(url)
    return f"Opened the portal of {name}: {url}"
