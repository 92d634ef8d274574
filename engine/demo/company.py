"""The demo company: Menuiserie Favre SA, a joinery in Lausanne with clients across the language regions.

Names, streets and numbers are invented; postcodes and towns are real; IBANs are built with valid check digits
(:func:`iban_for`) on real clearing numbers (IIDs) so the bank registry recognises them.
"""
from __future__ import annotations

from decimal import Decimal as D

from stdnum import iban as std_iban

COMPANY = {
    "CompanyName": "Menuiserie Favre SA", "CompanyStreet": "Chemin du Boisy", "CompanyBuildingNumber": "18",
    "CompanyPostCode": "1004", "CompanyTown": "Lausanne", "CompanyCountry": "CH",
    "CompanyUID": "CHE-109.322.551", "CompanyEmail": "bureau@favre-menuiserie.ch", "CompanyPhone": "+41 21 555 18 18",
    "CompanyWebsite": "favre-menuiserie.ch",
    "InvoiceIBAN": "CH9300762011623852957", "InvoiceQRIBAN": "CH4431999123000889012",
    "DefaultLanguage": "FR", "AddressWindow": "right", "PaymentTermDays": 30,
    "ShippingFeeNormal": "45.00", "ShippingFeeSpecial": "120.00", "PackingFeeNormal": "15.00",
    "PackingFeeSpecial": "40.00", "Reminder1Fee": "0", "Reminder2Fee": "20.00", "Reminder3Fee": "30.00",
    "DefaultInterest": True, "GoLiveDate": "2026-01-01", "EURRate": "0.9420",
}

# The clients who pay by e-banking to the postal account, and the supplier invoices paid from it by hand: the demo
# imports no statement of it, so the bank account 1020 holds exactly what its camt statement says.
POSTAL = "1010"

BANK_ACCOUNTS = [
    {"iban": "CH9300762011623852957", "name": "BCV current account", "currency": "CHF", "ledger_account": "1020",
     "qriban": "CH4431999123000889012", "bic": "BCVLCH2LXXX"},
]


def iban_for(iid: str, account: str) -> str:
    """A Swiss IBAN with valid check digits: CH + check + 5-digit IID + 12-char account."""
    bban = iid.zfill(5) + account.zfill(12)
    return f"CH{std_iban.calc_check_digits('CH00' + bban)}{bban}"


# (company, first, last, street, number, postcode, town, language, discount %, term days)
CLIENTS = [
    ("Boulangerie du Flon Sàrl", "Claire", "Morel", "Rue du Flon", "4", "1003", "Lausanne", "FR", "", 30),
    ("", "Jean-Marc", "Rochat", "Avenue de Cour", "61", "1007", "Lausanne", "FR", "", 30),
    ("Hôtel des Alpes SA", "Sandrine", "Pittet", "Grand-Rue", "22", "1820", "Montreux", "FR", "5", 30),
    ("Gemeinde Köniz", "Urs", "Bühler", "Landorfstrasse", "1", "3098", "Köniz", "DE", "", 45),
    ("Architekturbüro Keller AG", "Martina", "Keller", "Seefeldstrasse", "104", "8008", "Zürich", "DE", "3", 30),
    ("", "Luca", "Bernasconi", "Via Nassa", "9", "6900", "Lugano", "IT", "", 30),
    ("Ristorante Da Gino", "Gino", "Ferrari", "Piazza Grande", "17", "6600", "Locarno", "IT", "", 20),
    ("Régie Immobilière Gay SA", "Patrick", "Gay", "Rue du Rhône", "48", "1204", "Genève", "FR", "2", 30),
    ("", "Anne", "Dubois", "Chemin des Vignes", "3", "1095", "Lutry", "FR", "", 30),
    ("Schreinerei Meier GmbH", "Thomas", "Meier", "Bahnhofstrasse", "12", "3600", "Thun", "DE", "", 30),
    ("École Internationale de Genève", "Sarah", "Collins", "Route de Chêne", "62", "1208", "Genève", "EN", "", 30),
    ("", "Pierre", "Favez", "Rue de la Gare", "27", "1110", "Morges", "FR", "", 10),
    ("Fromagerie de Gruyères SA", "Michel", "Overney", "Place de la Gare", "3", "1663", "Pringy", "FR", "", 30),
    ("Basler Kunstverein", "Eva", "Schmid", "Steinenberg", "7", "4051", "Basel", "DE", "", 30),
    ("", "Nathalie", "Perret", "Rue des Moulins", "5", "2000", "Neuchâtel", "FR", "", 30),
    ("Clinique du Lac SA", "Olivier", "Bovet", "Avenue de la Gare", "30", "1950", "Sion", "FR", "", 30),
    ("", "Reto", "Caflisch", "Via Maistra", "20", "7500", "St. Moritz", "DE", "", 30),
    ("Studio Design Rossi", "Giulia", "Rossi", "Corso San Gottardo", "33", "6830", "Chiasso", "IT", "", 30),
    ("Cave Obrist & Fils", "Daniel", "Obrist", "Route du Lac", "2", "1800", "Vevey", "FR", "", 30),
    ("Swiss Alpine Lodge AG", "James", "Miller", "Dorfstrasse", "45", "3920", "Zermatt", "EN", "", 30),
]

# (id, designation, unit, unit price, VAT code, revenue account)
ARTICLES = [
    ("H-MEN", "Heure de menuisier", "h", D("95.00"), "TVA", "3400"),
    ("H-APP", "Heure d'apprenti", "h", D("55.00"), "TVA", "3400"),
    ("H-POSE", "Heure de pose sur chantier", "h", D("105.00"), "TVA", "3400"),
    ("H-ETU", "Étude et plans", "h", D("120.00"), "TVA", "3400"),
    ("DEP", "Déplacement forfaitaire", "pce", D("65.00"), "TVA", "3400"),
    ("TAB-CH", "Table en chêne massif 180×90", "pce", D("2450.00"), "TVA", "3000"),
    ("TAB-NO", "Table en noyer 220×100", "pce", D("3890.00"), "TVA", "3000"),
    ("CHA-CH", "Chaise en chêne", "pce", D("380.00"), "TVA", "3000"),
    ("BANC", "Banc de jardin mélèze", "pce", D("690.00"), "TVA", "3000"),
    ("ARM-3", "Armoire trois portes sur mesure", "pce", D("4200.00"), "TVA", "3000"),
    ("BIB-M", "Bibliothèque murale, le mètre", "m", D("890.00"), "TVA", "3000"),
    ("CUI-M", "Cuisine sur mesure, le mètre linéaire", "m", D("2300.00"), "TVA", "3000"),
    ("PORTE-I", "Porte intérieure chêne, posée", "pce", D("1150.00"), "TVA", "3000"),
    ("PORTE-E", "Porte d'entrée mélèze, posée", "pce", D("3600.00"), "TVA", "3000"),
    ("FEN-BM", "Fenêtre bois-métal", "pce", D("1480.00"), "TVA", "3000"),
    ("PARQ-CH", "Parquet chêne huilé, posé", "m2", D("118.00"), "TVA", "3000"),
    ("PARQ-RE", "Rénovation de parquet", "m2", D("42.00"), "TVA", "3400"),
    ("ESC", "Escalier droit en hêtre", "pce", D("7800.00"), "TVA", "3000"),
    ("PLAN-CH", "Plan de travail chêne, le mètre", "m", D("420.00"), "TVA", "3200"),
    ("HUILE", "Huile dure naturelle 1 l", "pce", D("39.50"), "TVA", "3200"),
    ("CIRE", "Cire d'abeille 500 ml", "pce", D("24.00"), "TVA", "3200"),
    ("PLA-3P", "Panneau 3 plis épicéa 19 mm", "m2", D("48.00"), "TVA", "3200"),
    ("LAT-MEL", "Lattes mélèze 27×68", "m", D("9.80"), "TVA", "3200"),
    ("QUIN", "Quincaillerie (charnières, poignées)", "lot", D("85.00"), "TVA", "3200"),
    ("LIVRE", "Livre « Le bois, matière vivante »", "pce", D("49.00"), "TVARED", "3200"),
    ("COURS", "Cours d'initiation à la menuiserie (1 jour)", "pce", D("280.00"), "EXCLU", "3600"),
    ("ENT-AN", "Contrat d'entretien annuel", "pce", D("360.00"), "TVA", "3400"),
    ("REP", "Réparation de meuble", "h", D("88.00"), "TVA", "3400"),
    ("BOIS-CH", "Bois de chauffage, stère", "st", D("120.00"), "TVARED", "3200"),
    ("LOC-OUT", "Location d'outillage, jour", "j", D("75.00"), "TVA", "3600"),
]

# (id, name, street, number, postcode, town, iid or None for QR-IBAN, account, expense account, VAT, term, discount %, days)
CREDITORS = [
    (1, "Scierie du Jorat SA", "Route de Berne", "120", "1010", "Lausanne", "00767", "000123456789", "4200", "IPM", 30, "2", 10),
    (2, "Holzhandel Bern AG", "Freiburgstrasse", "251", "3008", "Bern", "00790", "000987654321", "4200", "IPM", 30, "", 0),
    (3, "Quincaillerie Romande Sàrl", "Rue de Genève", "77", "1004", "Lausanne", "30000", "000458763210", "4200", "IPM", 30, "", 0),
    (4, "Swisscom (Suisse) SA", "Alte Tiefenaustrasse", "6", "3048", "Worblaufen", "09000", "000012345679", "6510", "IPI", 20, "", 0),
    (5, "Romande Energie SA", "Rue de Lausanne", "53", "1110", "Morges", "00767", "000555000111", "6400", "IPI", 30, "", 0),
    (6, "Régie du Boisy", "Avenue de Rumine", "20", "1005", "Lausanne", "00243", "000777888999", "6000", "IPI", 10, "", 0),
    (7, "Vaudoise Assurances", "Place de Milan", "1", "1007", "Lausanne", "00767", "000333222111", "6300", "EXCLU", 30, "", 0),
    (8, "Garage du Mont SA", "Route du Mont", "8", "1052", "Le Mont-sur-Lausanne", "80808", "000444555666", "6200", "IPI", 30, "", 0),
    (9, "Epsilon Informatique SA", "Rue de la Dîme", "4", "2000", "Neuchâtel", "00766", "000246813579", "6570", "IPI", 30, "", 0),
    (10, "Imprimerie Corbaz SA", "Avenue des Planches", "22", "1820", "Montreux", "31999", "000135792468", "6600", "IPI", 30, "3", 10),
]
