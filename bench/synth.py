"""Synthetic corpora for the benchmarks: Wilson Center pages and FRUS TEI volumes, seeded.

    python -m bench.synth OUT --records 100000 [--seed 1950] [--frus-share 0.5]

The distributions are taken from the real records and the authority lists the project ships:
senders and addressees from the persons list (with the code names and transliterations the real
pages use), places from the places list, copies lists drawn from the Soviet leadership with
Stalin's two copies, dates over 1945-1960 (Wilson) and 1861-1936 (FRUS), body lengths and words
sampled from the seed telegram and the shipped FRUS volume. Every header notation the reader
knows appears in proportion. Half the records (by default) are pages, one file each; the other
half are FRUS documents, 1,000 to a volume.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
AUTHORITIES = ROOT / "data" / "authorities"
SEED = ROOT / "data" / "sources" / "wilson" / "seed-1950-07-01-shtykov-to-stalin.txt"
FRUS = ROOT / "data" / "sources" / "frus" / "frus1894Nicaragua.xml"
LEADERSHIP = ["Stalin", "Molotov", "Beria", "Malenkov", "Mikoyan", "Kaganovich", "Bulganin", "Khrushchev", "Vyshinsky"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def _rows(name: str) -> list[dict[str, str]]:
    with (AUTHORITIES / name).open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


class Vocabulary:
    """What the synthetic records are made of, read from the shipped records and authority lists."""

    def __init__(self) -> None:
        persons = _rows("persons.csv")
        self.persons = [(r["label"], [a for a in r["alt_labels"].split("|") if a], r["code_names"]) for r in persons]
        self.places = [r["label"] for r in _rows("places.csv") if "," not in r["label"]]
        text = SEED.read_text(encoding="utf-8")
        body = text.split("To No. 362.", 1)[1].split("No. 423/Sh.", 1)[0]
        frus = re.sub(r"<[^>]+>", " ", FRUS.read_text(encoding="utf-8")[200_000:600_000])
        self.words = re.findall(r"[A-Za-z][a-z]{2,}", body + " " + frus)
        self.sentences = [s.strip() for s in re.split(r"(?<=[.])\s+", " ".join(body.split())) if len(s) > 40]

    def person(self, rng: random.Random) -> tuple[str, list[str], str]:
        return rng.choice(self.persons)

    def paragraph(self, rng: random.Random) -> str:
        if rng.random() < 0.3:
            return rng.choice(self.sentences)
        words = [rng.choice(self.words) for _ in range(int(rng.lognormvariate(3.2, 0.5)))]
        return (" ".join(words).capitalize() + ".") if words else "Nothing to report."


def _surname(label: str) -> str:
    return label.split()[-1]


def wilson_page(rng: random.Random, vocabulary: Vocabulary, number: int) -> str:
    sender, _, _ = vocabulary.person(rng)
    addressee, _, codes = vocabulary.person(rng)
    year, month, day = rng.randint(1945, 1960), rng.randint(1, 12), rng.randint(1, 28)
    place = rng.choice(vocabulary.places)
    code = codes.split("|")[0] if codes else ""
    hour, minute = rng.randint(0, 23), rng.randint(0, 59)
    received = (hour + rng.randint(0, 3)) % 24
    notation = rng.randrange(4)
    if notation == 0:
        header = [f"Ciphered telegram No. {rng.randint(10000, 999999)}",
                  f"From {place}.Sent {day}.{month}.{year % 100} {hour:02d}.{minute:02d}.",
                  f"Received {day}.{month}.{year % 100} {received:02d}.{minute:02d}."]  # fmt: skip
    elif notation == 1:
        on = f"{month}/{day}/{year % 100}"
        header = [f"Ciphered Telegram # {rng.randint(100000, 999999)}/sh", f"FROM: {place.upper()}",
                  f"Sent by wire on {on} at {hour % 12 or 12:02d}:{minute:02d} a.m.",
                  f"Received in Moscow on {on} at {received % 12 or 12}:{minute:02d} p.m."]  # fmt: skip
    elif notation == 2:
        header = [f"From {place.upper()} No. {rng.randint(100, 9999)} {hour} hours {minute:02d}",
                  f"minutes, {day}.{month}.{year}"]  # fmt: skip
    else:
        header = ["Top Secret", "Making copies is prohibited", f"Issuing No. {rng.randint(1000, 9999)}",
                  f"Received on {received % 12 or 12}:{minute:02d} am, {day} {MONTHS[month - 1]} {year}",
                  f"Sent on {hour % 12 or 12}:{minute:02d} am, {day} {MONTHS[month - 1]} {year}"]  # fmt: skip
    header.append(rng.choice(["By wire.", "By telegraph.", "Extremely Urgent.", "Strictly secret."]))
    to = f"To Comrade {code.upper()} [{_surname(addressee)}]" if code else f"To Comrade {_surname(addressee)}."
    mentioned, variants, _ = vocabulary.person(rng)
    mention = f"{mentioned.upper()} [{variants[0]}]" if variants else mentioned
    paragraphs = [vocabulary.paragraph(rng) for _ in range(max(1, int(rng.lognormvariate(1.6, 0.6))))]
    paragraphs.insert(min(1, len(paragraphs)), f"I met {mention} and {vocabulary.paragraph(rng).lower()}")
    leaders = rng.sample(LEADERSHIP, rng.randint(2, len(LEADERSHIP)))
    copies = ", ".join(f"{n} (2)" if n == "Stalin" else n for n in leaders)
    fond, delo = rng.randint(1, 600), rng.randint(1, 900)
    folio = rng.randint(1, 300)
    return "\n\n".join(
        [
            "Skip to content",
            f"{MONTHS[month - 1]} {day}, {year}",
            f"Ciphered telegram, {_surname(sender)} to {_surname(addressee)} on {vocabulary.paragraph(rng)[:60]}",
            "\n".join(header),
            f"{to}\nTo No. {rng.randint(1, 999)}.",
            *paragraphs,
            f"No. {rng.randint(1, 2000)}/Sh. {_surname(sender).upper()}.\nCopies to {copies},\nFile of 8th Department.",
            f"Telegram from {_surname(sender)} to {_surname(addressee)} on {vocabulary.paragraph(rng).lower()}",
            "Document Information",
            f"APRF, Fond {fond}, Opis 1, Delo {delo}, Listy {folio}-{folio + rng.randint(0, 4)} and AVPRF, Fond 059a, "
            f"Opis 5a, Delo {rng.randint(1, 20)}, Papka {rng.randint(1, 40)}, Listy {folio}-{folio + 2}",
            "The History and Public Policy Program welcomes reuse of Digital Archive materials.",
            "Original Uploaded Date",
            f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "Record ID",
            str(900000 + number),
        ]
    )


def frus_volume(rng: random.Random, vocabulary: Vocabulary, volume: int, documents: int) -> str:
    year = rng.randint(1861, 1936)
    persons = rng.sample(vocabulary.persons, min(40, len(vocabulary.persons)))
    listed = "\n".join(
        f'<item><persName xml:id="p{i}">{escape(_surname(p[0]))}, {escape(" ".join(p[0].split()[:-1]) or p[0])}'
        f"</persName>, {'Secretary of State' if i == 0 else 'Ambassador in ' + rng.choice(vocabulary.places)}.</item>"
        for i, p in enumerate(persons)
    )
    docs = []
    for n in range(1, documents + 1):
        sender = rng.randrange(1, len(persons))
        month, day, hour = rng.randint(1, 12), rng.randint(1, 28), rng.randint(1, 23)
        place = rng.choice(vocabulary.places)
        paragraphs = "".join(
            f"<p>{escape(vocabulary.paragraph(rng))}</p>" for _ in range(max(1, int(rng.lognormvariate(1.3, 0.7))))
        )
        telegram = rng.random() < 0.6
        docs.append(
            f'<div type="document" xml:id="d{n}" n="{n}">'
            f'<note rend="inline" type="source">File No. {rng.randint(100, 999)}.{rng.randint(1, 99)}/{n}</note>'
            f'<head>The Ambassador (<persName type="from" corresp="#p{sender}">{escape(_surname(persons[sender][0]))}'
            f'</persName>) to the <gloss type="to">Secretary of State</gloss></head>'
            + ('<note rend="inline" type="source">[Telegram]</note>' if telegram else "")
            + f"<dateline><placeName>{escape(place)}</placeName>, "
            + f'<date when="{year}-{month:02d}-{day:02d}T{hour:02d}:00:00">'
            f"{MONTHS[month - 1]} {day}, {year}, {hour} p.m.</date> [Received {MONTHS[month - 1]} {day}, "
            f"{(hour + 3) % 12 or 12}.{rng.randint(10, 59)} p.m.]</dateline>"
            f"<p>{rng.randint(1, 2000)}. Your {rng.randint(1, 2000)}. {escape(vocabulary.paragraph(rng))}</p>"
            f'{paragraphs}<closer><signed><persName corresp="#p{sender}">{escape(_surname(persons[sender][0]))}'
            "</persName></signed></closer></div>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" '
        f'xml:id="synthfrus{volume:05d}"><teiHeader><fileDesc><titleStmt><title type="complete">Synthetic '
        f"Foreign Relations volume {volume}</title></titleStmt></fileDesc></teiHeader><text><front>"
        f'<div type="section" xml:id="persons"><list type="names">{listed}</list></div></front><body>'
        + "\n".join(docs)
        + "</body></text></TEI>\n"
    )


def generate(out: Path, records: int, seed: int = 1950, frus_share: float = 0.5) -> Iterator[Path]:
    """Write the corpus; yield each file written."""
    rng = random.Random(seed)
    vocabulary = Vocabulary()
    frus_records = int(records * frus_share)
    pages = records - frus_records
    (out / "wilson").mkdir(parents=True, exist_ok=True)
    (out / "frus").mkdir(parents=True, exist_ok=True)
    for number in range(pages):
        folder = out / "wilson" / f"{number // 10000:04d}"
        folder.mkdir(exist_ok=True)
        path = folder / f"page-{number:07d}.txt"
        path.write_text(wilson_page(rng, vocabulary, number), encoding="utf-8")
        yield path
    volume = 0
    while frus_records > 0:
        volume += 1
        size = min(1000, frus_records)
        path = out / "frus" / f"synthfrus{volume:05d}.xml"
        path.write_text(frus_volume(rng, vocabulary, volume, size), encoding="utf-8")
        frus_records -= size
        yield path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1950)
    parser.add_argument("--frus-share", type=float, default=0.5)
    args = parser.parse_args()
    started = time.monotonic()
    files = sum(1 for _ in generate(args.out, args.records, args.seed, args.frus_share))
    print(f"{args.records} records in {files} files under {args.out} ({time.monotonic() - started:.1f} s)")


if __name__ == "__main__":
    main()
