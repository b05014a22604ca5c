#!/usr/bin/env python3
"""Deterministic lead lists for the import benchmark.

Writes, into the output directory (default bench/import/data/):

* ``leads_<n>.csv``: ``--rows`` data rows (default 1,000,000, about 149 MB) plus a header;
* ``leads_<m>.xlsx``: ``--xlsx-rows`` rows (default a tenth of ``--rows``: 100,000) made the
  same way and written with xlsxwriter (Employees as numbers, the rest as strings);
* next to each file, ``<file>.stamp.json``: the parameters it was made with and the counts an
  importer that validates and dedupes emails must report for it.

Columns: Email, First Name, Last Name, Company, Job Title, Website, LinkedIn, Country, City,
Phone, Industry, Employees. Some company names hold commas (written quoted) and a few hold
double quotes; names and cities are UTF-8 with accents. About 5 % of the rows repeat an
earlier row's email (a third of those differ from it only in letter case) and about 1 % carry
an invalid email (missing @, double @, a space, or a domain without a TLD).

The same seed gives the same bytes on every run. A file whose stamp matches the requested
parameters and this script's hash, and whose size matches the stamp, is not written again
(``--force`` rewrites it).
The CSV needs only the standard library; the XLSX needs xlsxwriter.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import os
import random
import sys
import time
import unicodedata

DEFAULT_SEED = 20261125
HEADER = [
    "Email", "First Name", "Last Name", "Company", "Job Title", "Website", "LinkedIn",
    "Country", "City", "Phone", "Industry", "Employees",
]
EMPLOYEES_COL = HEADER.index("Employees")

P_INVALID = 0.01          # share of rows with an invalid email
P_DUPLICATE = 0.05        # share of rows that repeat an earlier valid email
P_CASE_ONLY = 1.0 / 3.0   # share of those duplicates that differ only in letter case
RING_SIZE = 200_000       # duplicates copy one of this many most recent valid rows

FIRST_NAMES = (
    "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy "
    "Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily "
    "Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa "
    "Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia "
    "Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry "
    "Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory "
    "Christine Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack Catherine Dennis "
    "Maria Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan Joyce Henry "
    "Virginia Zachary Victoria Douglas Kelly Peter Lauren Kyle Christina Noah Joan Ethan Evelyn "
    "Jeremy Judith Walter Megan Christian Andrea Keith Cheryl Roger Hannah Terry Jacqueline "
    "Austin Martha Sean Gloria Gerald Teresa Carl Ann Harold Sara Dylan Madison Arthur Frances "
    "Lawrence Kathryn Jordan Janice Jesse Jean Bryan Abigail Billy Alice Bruce Judy Gabriel "
    "Sophia Joe Grace Logan Denise Alan Amber Juan Doris Albert Marilyn Willie Danielle Elijah "
    "Beverly Wayne Isabella Randy Theresa Vincent Diana Mason Natalie Roy Brittany Ralph "
    "Charlotte Bobby Marie Russell Kayla Bradley Alexis Philip Lori Eugene Priya Rahul Aisha "
    "Wei Mei Hiroshi Yuki Sven Ingrid Lars Astrid Pierre Camille Lukas Lea Mateo Lucia Luca "
    "Giulia Ahmed Fatima Omar Layla Ivan Olga Dmitri Anya Kwame Ama Chidi Ngozi Tariq Noor "
    "José Zoë Björn François Łukasz Søren Chloé Renée Jürgen Inès Álvaro Sofía Joël Maël "
    "Ørjan Ana Nuño Ángel Zoé Gaël Ümit Çağla Erdoğan Håkon Māris Agnieszka Małgorzata"
).split()

LAST_NAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White "
    "Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres "
    "Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts "
    "Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales "
    "Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos "
    "Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes "
    "Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry "
    "Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons "
    "Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West "
    "Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro "
    "Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry "
    "Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez "
    "Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd "
    "Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols "
    "Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce "
    "Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll "
    "Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena "
    "Richards Willis Carpenter Lawrence Sandoval Guerrero George Chapman Rios Estrada Ortega "
    "Watkins Greene Nunez Wheeler Valdez Harper Burke Larson Santiago Maldonado Morrison "
    "Franklin Carlson Austin Dominguez Carr Lawson Jacobs O'Brien O'Connor D'Angelo Sharma "
    "Gupta Singh Tanaka Suzuki Sato Wang Zhang Liu Yamamoto Novak Kowalski Nowak Ivanov "
    "Petrov Larsen Nielsen Jensen Eriksson Lindqvist Dubois Lefebvre Moreau Rossi Russo Ferrari "
    "Müller Schäfer Größer Weiß Fernández Muñoz Peña Nuñez Gonçalves Brandão Jørgensen Løvaas "
    "Åberg Öztürk Yılmaz Şahin Dvořák Wójcik Lewandowski Kovačević Horváth Søndergaard "
    "Van der Berg De la Cruz Mac Giolla"
).split()
# Two-word surnames above were split; put them back together.
LAST_NAMES = [n for n in LAST_NAMES if n not in ("Van", "der", "Berg", "De", "la", "Cruz", "Mac", "Giolla")]
LAST_NAMES += ["Cruz", "Van der Berg", "De la Cruz", "Mac Giolla"]

WORDS = (
    "Blue Bright North Summit Apex Silver Cedar Harbor River Stone Iron Golden Quantum Nova "
    "Vertex Pioneer Atlas Beacon Crest Falcon Granite Horizon Lumen Maple Meridian Nimbus Orbit "
    "Pinnacle Prism Redwood Sierra Solar Spark Sterling Swift Terra Titan Trident Unity Velocity "
    "Vista Zenith Alpine Anchor Arrow Aurora Cobalt Coral Delta Echo Ember Evergreen Fusion "
    "Glacier Harvest Keystone Lighthouse Lotus Magnet Mosaic Oak Onyx Orchid Pacific Paragon "
    "Phoenix Polar Radiant Sapphire Sequoia Signal Skyline Sparrow Spruce Tandem Tidal Vantage "
    "Willow Wolf Bridge Canyon Compass Copper Harbour Juniper Kite Linden Northstar Open Pebble "
    "Pine Quarry Ridge Saffron Slate Tally Thistle True Upward Wren"
).split()
SECOND_WORDS = (
    "path wave point field works line forge gate labs stack base wise bit cloud leaf craft mark "
    "link scale shift loop dock hub port flow sense grid"
).split()
SUFFIXES = (
    "Inc.", "LLC", "Ltd", "GmbH", "Group", "Partners", "Labs", "Systems", "Solutions",
    "Consulting", "Holdings", "AG", "SA", "BV", "Technologies", "Analytics", "Capital",
    "Media", "Software", "Logistics", "Health", "Ventures",
)
SECTOR_WORDS = (
    "Software", "Analytics", "Logistics", "Health", "Capital", "Media", "Robotics", "Foods",
    "Energy", "Security", "Payments", "Biotech", "Design", "Learning", "Freight", "Retail",
)
INDUSTRIES = (
    "Software", "Financial Services", "Marketing & Advertising", "Healthcare", "Manufacturing",
    "Retail", "Logistics", "Education", "Real Estate", "Consulting", "Biotechnology",
    "Telecommunications", "Media", "Construction", "Hospitality", "Legal Services",
    "Insurance", "Energy", "Automotive", "Food & Beverages", "Nonprofit", "E-commerce",
)
TITLES = (
    "CEO", "Founder", "Co-Founder", "CTO", "CFO", "COO", "CMO", "VP of Sales", "VP Marketing",
    "VP Engineering", "Head of Growth", "Head of Sales", "Head of Marketing", "Head of People",
    "Sales Director", "Marketing Director", "Director of Operations", "Engineering Manager",
    "Product Manager", "Senior Product Manager", "Account Executive", "Account Manager",
    "Business Development Manager", "Sales Manager", "Marketing Manager", "Office Manager",
    "Operations Manager", "HR Manager", "Recruiter", "Software Engineer",
    "Senior Software Engineer", "Data Scientist", "Data Analyst", "Designer", "UX Designer",
    "Customer Success Manager", "Partner", "Managing Director", "General Manager",
    "Owner", "President", "Procurement Manager", "IT Director", "Controller",
    "Content Marketing Manager", "Demand Generation Manager", "Chief Revenue Officer",
)
# country, weight, phone country code, cities, email/web TLDs seen there
COUNTRIES = (
    ("United States", 40, "1", ("New York", "San Francisco", "Austin", "Chicago", "Boston", "Seattle", "Denver", "Atlanta", "Miami", "Los Angeles"), ("com", "com", "com", "io", "co", "net")),
    ("United Kingdom", 12, "44", ("London", "Manchester", "Bristol", "Edinburgh", "Leeds"), ("co.uk", "com", "io")),
    ("Germany", 8, "49", ("Berlin", "München", "Hamburg", "Köln", "Frankfurt am Main"), ("de", "com", "io")),
    ("France", 6, "33", ("Paris", "Lyon", "Marseille", "Toulouse", "Nantes"), ("fr", "com")),
    ("Canada", 5, "1", ("Toronto", "Montréal", "Vancouver", "Ottawa", "Québec"), ("ca", "com")),
    ("Spain", 4, "34", ("Madrid", "Barcelona", "València", "Sevilla", "Málaga"), ("es", "com")),
    ("Netherlands", 4, "31", ("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"), ("nl", "com", "io")),
    ("Brazil", 3, "55", ("São Paulo", "Rio de Janeiro", "Belo Horizonte", "Florianópolis"), ("com.br", "com")),
    ("Poland", 3, "48", ("Warszawa", "Kraków", "Wrocław", "Gdańsk", "Łódź"), ("pl", "com")),
    ("Switzerland", 2, "41", ("Zürich", "Genève", "Basel", "Lausanne"), ("ch", "com")),
    ("Sweden", 2, "46", ("Stockholm", "Göteborg", "Malmö", "Uppsala"), ("se", "com", "io")),
    ("Denmark", 1, "45", ("København", "Aarhus", "Odense"), ("dk", "com")),
    ("India", 4, "91", ("Bengaluru", "Mumbai", "Pune", "Hyderabad", "New Delhi"), ("in", "com", "io")),
    ("Australia", 3, "61", ("Sydney", "Melbourne", "Brisbane", "Perth"), ("com.au", "com")),
    ("Japan", 1, "81", ("Tokyo", "Osaka", "Kyoto"), ("jp", "com")),
    ("Mexico", 1, "52", ("Ciudad de México", "Guadalajara", "Monterrey"), ("mx", "com")),
    ("Türkiye", 1, "90", ("İstanbul", "Ankara", "İzmir"), ("com.tr", "com")),
)
PERSONAL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "proton.me", "gmx.de")

_FOLD = {"ß": "ss", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "ı": "i", "İ": "I", "đ": "d"}


def ascii_fold(s: str) -> str:
    s = "".join(_FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c.isascii())


def slug(s: str) -> str:
    return "".join(c for c in ascii_fold(s).lower() if c.isalnum())


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


class LeadStream:
    """Yields lead rows one at a time and keeps the counts an importer must report."""

    def __init__(self, seed: int, n_companies: int):
        self.rng = random.Random(seed)
        rng = self.rng
        self.first = [(n, slug(n)) for n in FIRST_NAMES]
        self.last = [(n, slug(n)) for n in LAST_NAMES]
        self.country_weights = [c[1] for c in COUNTRIES]
        self.domains: set[str] = set()
        self.companies = [self._company(rng) for _ in range(n_companies)]
        self.seen: set[str] = set()       # lowercased valid emails handed out
        self.ring: list[list] = []        # recent valid rows, duplicates copy from here
        self.ring_pos = 0
        self.rows = 0
        self.unique_valid = 0
        self.dup_exact = 0
        self.dup_case = 0
        self.invalid = {"missing_at": 0, "double_at": 0, "space": 0, "no_tld": 0}
        self.company_with_comma = 0
        self.company_with_quote = 0

    # companies -------------------------------------------------------------------------

    def _company(self, rng: random.Random) -> tuple:
        country = rng.choices(COUNTRIES, weights=self.country_weights)[0]
        r = rng.random()
        l1 = rng.choice(LAST_NAMES)
        w1 = rng.choice(WORDS)
        if r < 0.05:
            l2 = rng.choice(LAST_NAMES)
            name, base = f"{l1}, {l2} & Co", slug(l1 + l2)
        elif r < 0.08:
            l2 = rng.choice(LAST_NAMES)
            name, base = f"{l1} & {l2}, LLP", slug(l1 + l2) + "law"
        elif r < 0.11:
            sector = rng.choice(SECTOR_WORDS)
            name, base = f"{w1} {sector}, Inc.", slug(w1 + sector)
        elif r < 0.113:
            sector = rng.choice(SECTOR_WORDS)
            name, base = f'The "{w1}" {sector} Company', slug(w1 + sector)
        elif r < 0.40:
            w2 = rng.choice(SECOND_WORDS)
            name = w1 + w2
            if rng.random() < 0.4:
                name += " " + rng.choice(SUFFIXES)
            base = slug(w1 + w2)
        elif r < 0.70:
            name, base = f"{l1} {rng.choice(SUFFIXES)}", slug(l1) + rng.choice(("", "group", "co", "hq"))
        else:
            sector = rng.choice(SECTOR_WORDS)
            name, base = f"{w1} {sector}", slug(w1 + sector)
        tld = rng.choice(country[4])
        domain = f"{base}.{tld}"
        k = 2
        while domain in self.domains:
            domain = f"{base}{k}.{tld}"
            k += 1
        self.domains.add(domain)
        website = rng.choice((f"https://www.{domain}", f"https://{domain}", f"www.{domain}", domain, domain))
        employees = int(min(250_000, max(1, rng.lognormvariate(3.6, 1.6))))
        return (name, domain, website, rng.choice(INDUSTRIES), employees, country)

    # rows ------------------------------------------------------------------------------

    def _new_email(self, fs: str, ls: str, domain: str, personal: bool) -> str:
        rng = self.rng
        ls = ls or "x"
        if personal:
            local = rng.choice((f"{fs}.{ls}", f"{fs}{ls}", f"{fs[0]}{ls}", f"{fs}_{ls}"))
            local += str(rng.randrange(1, 100)) if rng.random() < 0.6 else ""
        else:
            p = rng.random()
            if p < 0.50:
                local = f"{fs}.{ls}"
            elif p < 0.72:
                local = f"{fs[0]}{ls}"
            elif p < 0.82:
                local = fs
            elif p < 0.90:
                local = f"{fs}{ls[0]}"
            elif p < 0.95:
                local = f"{fs}_{ls}"
            else:
                local = f"{fs}-{ls}"
        email = f"{local}@{domain}"
        n = 2
        while email in self.seen:
            email = f"{local}{n}@{domain}"
            n += 1
        return email

    def _invalid_email(self, fs: str, ls: str, domain: str) -> str:
        rng = self.rng
        local = f"{fs}.{ls or 'x'}"
        kind = rng.choice(("missing_at", "double_at", "space", "no_tld"))
        self.invalid[kind] += 1
        if kind == "missing_at":
            return f"{local}{domain}" if rng.random() < 0.5 else f"{local}.{domain}"
        if kind == "double_at":
            return f"{local}@@{domain}" if rng.random() < 0.5 else f"{fs}@{ls or 'x'}@{domain}"
        if kind == "space":
            return f"{fs} {ls or 'x'}@{domain}" if rng.random() < 0.5 else f"{local}@{domain.split('.')[0]} .{domain.split('.', 1)[1]}"
        return f"{local}@{domain.split('.')[0]}"

    def _case_variant(self, email: str) -> str:
        rng = self.rng
        local, domain = email.split("@", 1)
        options = (
            email.upper(),
            ".".join(p[:1].upper() + p[1:] for p in local.split(".")) + "@" + domain,
            local + "@" + domain.upper(),
            local.upper() + "@" + domain,
        )
        start = rng.randrange(len(options))
        for i in range(len(options)):
            v = options[(start + i) % len(options)]
            if v != email:
                return v
        return email.swapcase()

    def next_row(self) -> list:
        rng = self.rng
        self.rows += 1
        r = rng.random()
        if self.ring and P_INVALID <= r < P_INVALID + P_DUPLICATE:
            row = list(self.ring[rng.randrange(len(self.ring))])
            if rng.random() < P_CASE_ONLY:
                row[0] = self._case_variant(row[0])
                self.dup_case += 1
            else:
                self.dup_exact += 1
            if rng.random() < 0.3:
                row[4] = rng.choice(TITLES)
            return row

        company = self.companies[rng.randrange(len(self.companies))]
        cname, domain, website, industry, employees, hq = company
        first, fs = self.first[rng.randrange(len(self.first))]
        last, ls = self.last[rng.randrange(len(self.last))]
        country = hq if rng.random() < 0.85 else rng.choices(COUNTRIES, weights=self.country_weights)[0]
        city = rng.choice(country[3]) if rng.random() < 0.93 else ""
        if rng.random() < 0.5:
            n = rng.randrange(10_000_000, 1_000_000_000)
            phone = f"+{country[2]} {n // 1_000_000} {n // 1000 % 1000:03d} {n % 1000:03d}"
        else:
            phone = ""
        linkedin = ""
        if rng.random() < 0.335:
            linkedin = f"linkedin.com/in/{fs}-{ls}-{rng.getrandbits(24):06x}"
            if rng.random() < 0.4:
                linkedin = "https://www." + linkedin
        title = rng.choice(TITLES) if rng.random() < 0.9 else ""

        if r < P_INVALID:
            email = self._invalid_email(fs, ls, domain)
            return [email, first, last, cname, title, website, linkedin, country[0], city, phone, industry, employees]

        personal = rng.random() < 0.08
        email = self._new_email(fs, ls, rng.choice(PERSONAL_DOMAINS) if personal else domain, personal)
        self.seen.add(email)  # generated emails are lowercase
        if rng.random() < 0.03:
            email = self._case_variant(email)  # some exports keep "John.Smith@Acme.com"
        self.unique_valid += 1
        if "," in cname:
            self.company_with_comma += 1
        if '"' in cname:
            self.company_with_quote += 1
        row = [email, first, last, cname, title, website, linkedin, country[0], city, phone, industry, employees]
        if len(self.ring) < RING_SIZE:
            self.ring.append(row)
        else:
            self.ring[self.ring_pos] = row
            self.ring_pos = (self.ring_pos + 1) % RING_SIZE
        return row

    def expected(self) -> dict:
        dups = self.dup_exact + self.dup_case
        invalid = sum(self.invalid.values())
        return {
            "rows": self.rows,
            "imported": self.unique_valid,
            "duplicates": dups,
            "duplicates_exact": self.dup_exact,
            "duplicates_case_only": self.dup_case,
            "invalid": invalid,
            "invalid_by_kind": dict(self.invalid),
            "errors": 0,
            "companies_with_comma": self.company_with_comma,
            "companies_with_quote": self.company_with_quote,
        }


def n_companies_for(rows: int) -> int:
    return max(500, rows // 15)


def generator_digest() -> str:
    """Hash of this script: files written by another version of it are written again."""
    with open(os.path.abspath(__file__), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def stamp_params(kind: str, rows: int, seed: int, n_companies: int) -> dict:
    return {"generator": generator_digest(), "format": kind, "rows": rows, "seed": seed, "companies": n_companies}


def stamp_ok(path: str, params: dict) -> bool:
    try:
        with open(path + ".stamp.json", encoding="utf-8") as f:
            stamp = json.load(f)
        return stamp.get("params") == params and stamp.get("bytes") == os.path.getsize(path)
    except (OSError, ValueError):
        return False


def write_stamp(path: str, params: dict, expected: dict, seconds: float) -> None:
    stamp = {
        "file": os.path.basename(path),
        "bytes": os.path.getsize(path),
        "params": params,
        "expected": expected,
        "generated_in_s": round(seconds, 2),
    }
    tmp = path + ".stamp.json.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(stamp, f, indent=2)
        f.write("\n")
    os.replace(tmp, path + ".stamp.json")


def gen_csv(path: str, rows: int, seed: int, n_companies: int) -> dict:
    stream = LeadStream(seed, n_companies)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        batch = []
        nxt = stream.next_row
        for _ in range(rows):
            batch.append(nxt())
            if len(batch) == 10_000:
                w.writerows(batch)
                batch.clear()
        w.writerows(batch)
    os.replace(tmp, path)
    return stream.expected()


def gen_xlsx(path: str, rows: int, seed: int, n_companies: int) -> dict:
    try:
        import xlsxwriter
    except ImportError:
        sys.exit("gen_data.py: the XLSX file needs xlsxwriter (pip install xlsxwriter), or pass --no-xlsx")
    stream = LeadStream(seed, n_companies)
    tmp = path + ".tmp.xlsx"
    wb = xlsxwriter.Workbook(tmp, {"constant_memory": True, "strings_to_urls": False, "strings_to_numbers": False})
    wb.set_properties({"created": datetime.datetime(2026, 1, 1)})  # same bytes on every run
    ws = wb.add_worksheet("Leads")
    ws.write_row(0, 0, HEADER)
    write_string, write_number = ws.write_string, ws.write_number
    nxt = stream.next_row
    for r in range(1, rows + 1):
        row = nxt()
        for c, v in enumerate(row):
            if c == EMPLOYEES_COL:
                write_number(r, c, v)
            elif v != "":
                write_string(r, c, v)
    wb.close()
    os.replace(tmp, path)
    return stream.expected()


def produce(kind: str, path: str, rows: int, seed: int, force: bool) -> dict:
    n_comp = n_companies_for(max(rows, 1))
    params = stamp_params(kind, rows, seed, n_comp)
    if not force and stamp_ok(path, params):
        print(f"gen_data: {path} is up to date ({os.path.getsize(path) / 1e6:.1f} MB)", file=sys.stderr)
        return {"path": path, "generated": False}
    t0 = time.perf_counter()
    expected = (gen_csv if kind == "csv" else gen_xlsx)(path, rows, seed, n_comp)
    dt = time.perf_counter() - t0
    write_stamp(path, params, expected, dt)
    print(
        f"gen_data: wrote {path}: {rows:,} rows, {os.path.getsize(path) / 1e6:.1f} MB in {dt:.1f} s "
        f"(expected imported {expected['imported']:,}, duplicates {expected['duplicates']:,}, invalid {expected['invalid']:,})",
        file=sys.stderr,
    )
    return {"path": path, "generated": True, "seconds": round(dt, 2)}


def main(argv: list[str] | None = None) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Write the deterministic lead files of the import benchmark.")
    ap.add_argument("--rows", type=int, default=1_000_000, help="CSV data rows (default 1,000,000)")
    ap.add_argument("--xlsx-rows", type=int, default=None, help="XLSX data rows (default: a tenth of --rows)")
    ap.add_argument("--out", "-o", default=os.path.join(here, "data"), help="output directory (default bench/import/data)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--no-xlsx", action="store_true", help="write the CSV only")
    ap.add_argument("--force", action="store_true", help="rewrite even when a matching stamp exists")
    ap.add_argument("--manifest", help="also write the paths of the files and stamps to this JSON file")
    args = ap.parse_args(argv)
    if args.rows < 1:
        ap.error("--rows must be at least 1")
    xlsx_rows = args.xlsx_rows if args.xlsx_rows is not None else max(1, args.rows // 10)

    os.makedirs(args.out, exist_ok=True)
    csv_path = os.path.join(args.out, f"leads_{size_label(args.rows)}.csv")
    manifest = {"csv": os.path.abspath(csv_path), "csv_stamp": os.path.abspath(csv_path) + ".stamp.json"}
    produce("csv", csv_path, args.rows, args.seed, args.force)
    if not args.no_xlsx:
        xlsx_path = os.path.join(args.out, f"leads_{size_label(xlsx_rows)}.xlsx")
        manifest.update(xlsx=os.path.abspath(xlsx_path), xlsx_stamp=os.path.abspath(xlsx_path) + ".stamp.json")
        produce("xlsx", xlsx_path, xlsx_rows, args.seed, args.force)
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")
    print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
