"""Generate a SAF-T Financial 1.30 file of a given size, streaming (constant memory).

    python bench/saft_generate.py OUT.xml --mb 400 [--share 0.5] [--seed 1]

A company ledger: every transaction has a cost line (accounts 4000-7999, half of them carrying the
project dimension P:326917 with a Debit/CreditAnalysisAmount), a VAT line and a bank line.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

NS = "urn:StandardAuditFile-Taxation-Financial:NO"
COST_ACCOUNTS = ("4300", "5000", "5400", "6300", "6551", "6790", "6800", "7140", "7320")
ACCOUNT_NAMES = {
    "4300": "Innkjøp av varer",
    "5000": "Lønn til ansatte",
    "5400": "Arbeidsgiveravgift",
    "6300": "Leie lokale",
    "6551": "Datautstyr",
    "6790": "Annen fremmed tjeneste",
    "6800": "Kontorrekvisita",
    "7140": "Reisekostnad",
    "7320": "Reklamekostnad",
    "1920": "Bankinnskudd",
    "2710": "Inngående merverdiavgift",
}


def header(company: str) -> str:
    accounts = "".join(
        f"<Account><AccountID>{a}</AccountID><AccountDescription>{n}</AccountDescription>"
        f"<AccountType>GL</AccountType></Account>"
        for a, n in ACCOUNT_NAMES.items()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<AuditFile xmlns="{NS}">\n<Header><AuditFileVersion>1.30'
        f"</AuditFileVersion><AuditFileCountry>NO</AuditFileCountry><Company><RegistrationNumber>{company}"
        f"</RegistrationNumber><Name>Benchmark AS</Name></Company><DefaultCurrencyCode>NOK</DefaultCurrencyCode>"
        f"</Header>\n<MasterFiles><GeneralLedgerAccounts>{accounts}</GeneralLedgerAccounts></MasterFiles>\n"
        f"<GeneralLedgerEntries><NumberOfEntries>0</NumberOfEntries><TotalDebit>0</TotalDebit>"
        f"<TotalCredit>0</TotalCredit><Journal><JournalID>GL</JournalID><Description>Hovedbok</Description>"
        f"<Type>GL</Type>\n"
    )


def transaction(number: int, rng: random.Random, share: float) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    year = 2022 + number % 4
    net = rng.randint(100, 5_000_000)  # øre
    vat = net // 4
    credit_note = rng.random() < 0.05
    side, other = ("Credit", "Debit") if credit_note else ("Debit", "Credit")
    ours = rng.random() < share
    analysis = (
        f"<Analysis><AnalysisType>P</AnalysisType><AnalysisID>326917</AnalysisID><{side}AnalysisAmount>"
        f"<Amount>{net / 100:.2f}</Amount></{side}AnalysisAmount></Analysis>"
        if ours
        else "<Analysis><AnalysisType>A</AnalysisType><AnalysisID>100</AnalysisID></Analysis>"
    )
    date = f"{year}-{month:02d}-{day:02d}"
    return (
        f"<Transaction><TransactionID>{number}</TransactionID><Period>{month}</Period><PeriodYear>{year}"
        f"</PeriodYear><TransactionDate>{date}</TransactionDate><Description>Faktura {number}</Description>"
        f"<SystemEntryDate>{date}</SystemEntryDate><GLPostingDate>{date}</GLPostingDate>"
        f"<Line><RecordID>1</RecordID><AccountID>{rng.choice(COST_ACCOUNTS)}</AccountID>{analysis}"
        f"<Description>Kostnad {number}</Description><{side}Amount><Amount>{net / 100:.2f}</Amount>"
        f"</{side}Amount></Line>"
        f"<Line><RecordID>2</RecordID><AccountID>2710</AccountID><Description>MVA</Description>"
        f"<{side}Amount><Amount>{vat / 100:.2f}</Amount></{side}Amount></Line>"
        f"<Line><RecordID>3</RecordID><AccountID>1920</AccountID><Description>Bank</Description>"
        f"<{other}Amount><Amount>{(net + vat) / 100:.2f}</Amount></{other}Amount></Line>"
        f"</Transaction>\n"
    )


def generate(path: Path, mb: float, share: float = 0.5, seed: int = 1, company: str = "999888777") -> int:
    """Write the file; returns the number of transactions."""
    rng, target, number = random.Random(seed), int(mb * 1024 * 1024), 0
    with Path(path).open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        written = out.write(header(company))
        while written < target:
            chunk = "".join(transaction(number + i, rng, share) for i in range(1, 1001))
            number += 1000
            written += len(chunk.encode("utf-8"))
            out.write(chunk)
        out.write("</Journal></GeneralLedgerEntries>\n</AuditFile>\n")
    return number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=400)
    parser.add_argument("--share", type=float, default=0.5, help="share of transactions on the project dimension")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    count = generate(args.out, args.mb, args.share, args.seed)
    print(f"{args.out}: {args.out.stat().st_size / 1024 / 1024:.0f} MB, {count} transactions, {count * 3} lines")


if __name__ == "__main__":
    main()
