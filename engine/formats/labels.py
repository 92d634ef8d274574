"""User-facing labels in French, German, Italian and English: the one table (STYLE.md §9).

QR-bill headings are the official wording of SIX IG QR-bill v2.3 §3.4 and Annex (multilingual headings); the
other labels are the usual wording on Swiss commercial documents.

>>> label("payable_by_blank", "de")
'Zahlbar durch (Name/Adresse)'
>>> label("invoice", "IT")
'Fattura'
"""
from __future__ import annotations

from engine.errors import InvalidFormat

LANGUAGES = ("fr", "de", "it", "en")

#        key                      fr                                 de                                it                                   en
_TABLE: dict[str, tuple[str, str, str, str]] = {
    # QR-bill (SIX IG v2.3)
    "receipt": ("Récépissé", "Empfangsschein", "Ricevuta", "Receipt"),
    "payment_part": ("Section paiement", "Zahlteil", "Sezione pagamento", "Payment part"),
    "account_payable_to": ("Compte / Payable à", "Konto / Zahlbar an", "Conto / Pagabile a", "Account / Payable to"),
    "reference": ("Référence", "Referenz", "Riferimento", "Reference"),
    "additional_information": ("Informations supplémentaires", "Zusätzliche Informationen",
                               "Informazioni supplementari", "Additional information"),
    "currency": ("Monnaie", "Währung", "Valuta", "Currency"),
    "amount": ("Montant", "Betrag", "Importo", "Amount"),
    "payable_by": ("Payable par", "Zahlbar durch", "Pagabile da", "Payable by"),
    "payable_by_blank": ("Payable par (nom/adresse)", "Zahlbar durch (Name/Adresse)",
                         "Pagabile da (nome/indirizzo)", "Payable by (name/address)"),
    "acceptance_point": ("Point de dépôt", "Annahmestelle", "Punto di accettazione", "Acceptance point"),
    "separate": ("A détacher avant le versement", "Vor der Einzahlung abzutrennen",
                 "Da staccare prima del versamento", "Separate before paying in"),
    "do_not_pay": ("NE PAS UTILISER POUR LE PAIEMENT", "NICHT ZUR ZAHLUNG VERWENDEN",
                   "NON UTILIZZARE PER IL PAGAMENTO", "DO NOT USE FOR PAYMENT"),
    # Document titles (stages O, Cc, L, F, N and reminders)
    "quote": ("Offre", "Offerte", "Offerta", "Quote"),
    "order_confirmation": ("Confirmation de commande", "Auftragsbestätigung", "Conferma d'ordine",
                           "Order confirmation"),
    "delivery_note": ("Bulletin de livraison", "Lieferschein", "Bollettino di consegna", "Delivery note"),
    "invoice": ("Facture", "Rechnung", "Fattura", "Invoice"),
    "credit_note": ("Note de crédit", "Gutschrift", "Nota di credito", "Credit note"),
    "reminder": ("Rappel", "Mahnung", "Richiamo", "Reminder"),
    # Document header
    "number": ("N°", "Nr.", "N.", "No."),
    "date": ("Date", "Datum", "Data", "Date"),
    "due_date": ("Échéance", "Fällig am", "Scadenza", "Due date"),
    "delivery_date": ("Date de livraison", "Lieferdatum", "Data di consegna", "Delivery date"),
    "valid_until": ("Valable jusqu'au", "Gültig bis", "Valida fino al", "Valid until"),
    "client_number": ("N° client", "Kunden-Nr.", "N. cliente", "Customer no."),
    "your_reference": ("Votre référence", "Ihre Referenz", "Vostro riferimento", "Your reference"),
    "vat_number": ("N° TVA", "MWST-Nr.", "N. IVA", "VAT no."),
    "page": ("Page {page}/{pages}", "Seite {page}/{pages}", "Pagina {page}/{pages}", "Page {page}/{pages}"),
    "refers_to": ("Concerne la facture", "Betrifft Rechnung", "Concerne la fattura", "Refers to invoice"),
    # Lines table
    "item": ("Article", "Artikel", "Articolo", "Item"),
    "description": ("Désignation", "Bezeichnung", "Descrizione", "Description"),
    "quantity": ("Quantité", "Menge", "Quantità", "Qty"),
    "unit_price": ("Prix unit.", "Einzelpreis", "Prezzo unit.", "Unit price"),
    "discount": ("Rabais", "Rabatt", "Sconto", "Discount"),
    "vat_code": ("TVA", "MWST", "IVA", "VAT"),
    "line_total": ("Montant", "Betrag", "Importo", "Amount"),
    "carried_forward": ("Report", "Übertrag", "Riporto", "Carried forward"),
    # Totals
    "subtotal": ("Sous-total", "Zwischentotal", "Subtotale", "Subtotal"),
    "global_discount": ("Rabais global", "Gesamtrabatt", "Sconto globale", "Overall discount"),
    "shipping": ("Frais de port", "Versandkosten", "Spese di spedizione", "Shipping"),
    "packing": ("Emballage", "Verpackung", "Imballaggio", "Packing"),
    "total_net": ("Total hors TVA", "Total exkl. MWST", "Totale IVA esclusa", "Total excl. VAT"),
    "total_vat": ("TVA", "MWST", "IVA", "VAT"),
    "rounding": ("Arrondi", "Rundung", "Arrotondamento", "Rounding"),
    "total": ("Total", "Total", "Totale", "Total"),
    "already_paid": ("Déjà payé", "Bereits bezahlt", "Già pagato", "Already paid"),
    "reminder_fee": ("Frais de rappel", "Mahngebühr", "Spese di richiamo", "Reminder fee"),
    "interest": ("Intérêts moratoires", "Verzugszins", "Interessi di mora", "Default interest"),
    "balance_due": ("Solde dû", "Offener Betrag", "Saldo dovuto", "Balance due"),
    "vat_summary": ("Récapitulatif TVA", "MWST-Zusammenfassung", "Riepilogo IVA", "VAT summary"),
    "vat_rate": ("Taux", "Satz", "Aliquota", "Rate"),
    "vat_base": ("Base", "Basis", "Base", "Base"),
    "payment_terms": ("Conditions de paiement", "Zahlungsbedingungen", "Condizioni di pagamento", "Payment terms"),
    "net_days": ("Payable net à {days} jours", "Zahlbar netto innert {days} Tagen",
                 "Pagabile netto entro {days} giorni", "Payable net within {days} days"),
}


def label(key: str, language: str, **values: object) -> str:
    """The label ``key`` in ``language`` (fr/de/it/en, any case), with ``{placeholders}`` filled in."""
    lang = language.lower()[:2]
    if lang not in LANGUAGES:
        raise InvalidFormat(f'language "{language}" is not one of FR, DE, IT, EN', "set the client's language")
    try:
        text = _TABLE[key][LANGUAGES.index(lang)]
    except KeyError:
        raise KeyError(f"no label {key!r}; add it to engine/formats/labels.py") from None
    return text.format(**values) if values else text
