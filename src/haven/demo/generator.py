"""The synthetic demo register: agencies, one user per role, a few hundred people.

Everything here is invented. Names are random combinations of common name
*elements* (never a real person's full name), phone numbers sit in an unused
block (``+355 69 000 …``), addresses are on "Example" streets and document
numbers start with ``DEMO-``. People and documents are written through the
register's services, so every record carries its audit entries exactly as if a
caseworker had typed it in.

``load_demo`` refuses to touch a database that already holds users or people:
``make run`` calls it on every start and it must only ever fill an empty one.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from haven.accounts import policy
from haven.accounts.administration import agency_create, user_create
from haven.accounts.models import Agency, User
from haven.accounts.roles import DataClass, Role
from haven.demo.modules import DemoContext, run_loaders
from haven.people.models import BirthPrecision, Document, GroupStatus, Person, Sex
from haven.people.services import document_create, person_close, person_create, person_share

DEFAULT_PEOPLE = 300
DEFAULT_SEED = 20250601
PASSWORD_ENV = "HAVEN_DEMO_PASSWORD"
CREDENTIALS_FILENAME = "demo-credentials.txt"
# Markers of synthetic data; tests and reviewers can grep for them.
FAKE_PHONE_PREFIX = "+355 69 000 "
FAKE_DOCUMENT_PREFIX = "DEMO-"
FAKE_STREETS = ("Example Street", "Rruga Shembull", "Sample Lane", "Rruga e Provës")

NameEntry = tuple[str, tuple[str, ...]]

try:  # the matching engine's name lists, when that module is present
    from haven.matching.names import (  # type: ignore[import-not-found, unused-ignore]
        FAMILY_NAMES,
        GIVEN_NAMES_FEMALE,
        GIVEN_NAMES_MALE,
    )
except ImportError:  # pragma: no cover - fallback while the engine is absent
    GIVEN_NAMES_FEMALE = (
        ("فاطمه", ("Fatemeh", "Fatima", "Fateme")),
        ("زهرا", ("Zahra", "Zahraa")),
        ("مریم", ("Maryam", "Mariam")),
        ("نسرین", ("Nasrin", "Nasreen")),
        ("زینب", ("Zeinab", "Zaynab", "Zainab")),
        ("معصومه", ("Masoumeh", "Masumeh")),
        ("لیلا", ("Leila", "Layla", "Leyla")),
        ("سارا", ("Sara", "Sarah")),
        ("مینا", ("Mina", "Meena")),
        ("نرگس", ("Narges", "Nargis")),
        ("الهام", ("Elham", "Ilham")),
        ("شیرین", ("Shirin", "Shireen")),
        ("پریسا", ("Parisa", "Parissa")),
        ("نازنین", ("Nazanin", "Nazaneen")),
        ("نگار", ("Negar", "Nigar")),
        ("آزاده", ("Azadeh", "Azade")),
        ("طاهره", ("Tahereh", "Tahira")),
        ("پروین", ("Parvin", "Parveen")),
        ("فرشته", ("Fereshteh", "Freshta")),
        ("رویا", ("Roya", "Rouya")),
    )
    GIVEN_NAMES_MALE = (
        ("محمد", ("Mohammad", "Muhammad", "Mohammed")),
        ("علی", ("Ali", "Aly")),
        ("حسین", ("Hossein", "Hussein", "Hosein")),
        ("حسن", ("Hassan", "Hasan")),
        ("رضا", ("Reza", "Rezaa")),
        ("علیرضا", ("Alireza", "Ali Reza")),
        ("مهدی", ("Mehdi", "Mahdi")),
        ("امیر", ("Amir", "Ameer")),
        ("عباس", ("Abbas", "Abas")),
        ("جواد", ("Javad", "Jawad")),
        ("مجید", ("Majid", "Majeed")),
        ("سعید", ("Saeed", "Said", "Saeid")),
        ("حمید", ("Hamid", "Hameed")),
        ("بهروز", ("Behrouz", "Behruz")),
        ("فرهاد", ("Farhad", "Farhaad")),
        ("کاوه", ("Kaveh", "Kave")),
        ("داوود", ("Davoud", "Dawood", "Davood")),
        ("یوسف", ("Yousef", "Yusuf", "Youssef")),
        ("ابراهیم", ("Ebrahim", "Ibrahim")),
        ("مصطفی", ("Mostafa", "Mustafa")),
    )
    FAMILY_NAMES = (
        ("رضایی", ("Rezaei", "Rezaie", "Rezai")),
        ("محمدی", ("Mohammadi", "Mohamadi")),
        ("حسینی", ("Hosseini", "Husseini", "Hoseini")),
        ("احمدی", ("Ahmadi", "Ahmady")),
        ("کریمی", ("Karimi", "Kareemi")),
        ("موسوی", ("Mousavi", "Musavi", "Moosavi")),
        ("جعفری", ("Jafari", "Jaafari")),
        ("رحیمی", ("Rahimi", "Raheemi")),
        ("نوروزی", ("Nowruzi", "Norouzi")),
        ("صادقی", ("Sadeghi", "Sadeqi")),
        ("قاسمی", ("Ghasemi", "Qasemi")),
        ("کاظمی", ("Kazemi", "Kazimi")),
        ("اکبری", ("Akbari", "Akbary")),
        ("عباسی", ("Abbasi", "Abasi")),
        ("صالحی", ("Salehi", "Saalehi")),
        ("زارعی", ("Zarei", "Zareie")),
        ("یوسفی", ("Yousefi", "Yusefi")),
        ("نجفی", ("Najafi", "Nadjafi")),
        ("طاهری", ("Taheri", "Tahery")),
        ("شریفی", ("Sharifi", "Charifi")),
        ("باقری", ("Bagheri", "Baqeri")),
        ("امینی", ("Amini", "Ameeni")),
        ("ملکی", ("Maleki", "Malaki")),
        ("رستمی", ("Rostami", "Rustami")),
        ("نوری", ("Nouri", "Nuri")),
        ("سلیمانی", ("Soleimani", "Solaymani")),
        ("فرخی", ("Farrokhi", "Farokhi")),
        ("بهشتی", ("Beheshti", "Behechti")),
        ("آزادی", ("Azadi", "Azady")),
        ("حیدریان", ("Heydarian", "Heidarian")),
        ("سبحانی", ("Sobhani", "Subhani")),
        ("خسروی", ("Khosravi", "Khosrawi")),
        ("مرادی", ("Moradi", "Muradi")),
        ("کرمانی", ("Kermani", "Kirmani")),
        ("تهرانی", ("Tehrani", "Teherani")),
        ("شیرازی", ("Shirazi", "Chirazi")),
        ("اصفهانی", ("Esfahani", "Isfahani")),
        ("یزدانی", ("Yazdani", "Yezdani")),
        ("پاکزاد", ("Pakzad", "Pakzaad")),
        ("دلاوری", ("Delavari", "Dilawari")),
    )

# Places of origin: (Persian spelling, Latin spelling, nationality, extra languages).
PLACES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("تهران", "Tehran", "Iran", ()),
    ("مشهد", "Mashhad", "Iran", ()),
    ("اصفهان", "Isfahan", "Iran", ()),
    ("شیراز", "Shiraz", "Iran", ()),
    ("کرج", "Karaj", "Iran", ()),
    ("قم", "Qom", "Iran", ()),
    ("رشت", "Rasht", "Iran", ("Gilaki",)),
    ("کرمان", "Kerman", "Iran", ()),
    ("یزد", "Yazd", "Iran", ()),
    ("همدان", "Hamadan", "Iran", ()),
    ("تبریز", "Tabriz", "Iran", ("Azerbaijani",)),
    ("اردبیل", "Ardabil", "Iran", ("Azerbaijani",)),
    ("ارومیه", "Urmia", "Iran", ("Azerbaijani", "Kurdish")),
    ("زنجان", "Zanjan", "Iran", ("Azerbaijani",)),
    ("سنندج", "Sanandaj", "Iran", ("Kurdish",)),
    ("کرمانشاه", "Kermanshah", "Iran", ("Kurdish",)),
    ("اهواز", "Ahvaz", "Iran", ("Arabic",)),
    ("استان خوزستان", "Khuzestan province", "Iran", ("Arabic",)),
    ("استان گیلان", "Gilan province", "Iran", ("Gilaki",)),
    ("استان مازندران", "Mazandaran province", "Iran", ()),
    ("هرات", "Herat", "Afghanistan", ("Dari",)),
    ("کابل", "Kabul", "Afghanistan", ("Dari",)),
    ("بغداد", "Baghdad", "Iraq", ("Arabic",)),
)

# A few host-country (Albanian) names: spouses, employees, people born in the host country.
ALBANIAN_GIVEN_FEMALE = ("Arta", "Blerina", "Elira", "Mirela", "Drita", "Valbona", "Anila", "Teuta")
ALBANIAN_GIVEN_MALE = ("Arben", "Besnik", "Gentian", "Ilir", "Dritan", "Ermal", "Fatos", "Kujtim")
ALBANIAN_FAMILY = (
    "Krasniqi",
    "Gashi",
    "Dervishi",
    "Leka",
    "Kola",
    "Marku",
    "Duka",
    "Prifti",
    "Muça",
    "Basha",
    "Çela",
    "Dema",
    "Zeqiri",
    "Lleshi",
)
ALBANIAN_PLACES = ("Durrës", "Fier", "Tirana", "Vlorë", "Shkodër", "Elbasan")

SITES_INSIDE = ("Compound (main)", "Compound (main)", "Compound (annex)", "Compound farm")
SITES_OUTSIDE = (
    "Safe house 1",
    "Safe house 2",
    "North Shelter residence",
    "Private rental",
    "With relatives",
    "Hospital (inpatient)",
)
VULNERABILITIES = (
    "Chronic illness, untreated for years.",
    "Pregnant; no antenatal care so far.",
    "Symptoms of trauma reported by the person.",
    "Limited mobility after an untreated injury.",
    "Elderly and isolated; no family contact.",
    "Minor without a guardian outside the group.",
    "Diabetes; medication irregular.",
)
EMPLOYERS = (
    "Bregu Agro (fictional)",
    "Harbour Building Works (fictional)",
    "Olive Coast Packing (fictional)",
    "Seaview Hotel Services (fictional)",
)
GROUP_HOLDERS = (
    "Kept in the compound office safe.",
    "Collected by the group's administration on arrival.",
    "Held by a senior member 'for safekeeping'.",
)
CLOSE_REASONS = (
    "Left the country; case transferred.",
    "The person asked to end support.",
    "Duplicate registration; see the other record.",
    "Resettled; no further protection needs.",
)

# Per kind: issuer, validity in years, status weights.
DOCUMENT_KINDS: dict[str, tuple[str, int, dict[str, int]]] = {
    Document.Kind.IDENTITY_CARD: (
        "Civil registry (country of origin)",
        10,
        {"issued": 45, "expired": 25, "none": 15, "applied": 5, "refused": 5, "revoked": 5},
    ),
    Document.Kind.PASSPORT: (
        "Passport office (country of origin)",
        5,
        {"issued": 35, "expired": 35, "none": 10, "applied": 8, "refused": 7, "revoked": 5},
    ),
    Document.Kind.RESIDENCE_PERMIT: (
        "Directorate for Migration (host state)",
        2,
        {"issued": 40, "applied": 20, "expired": 15, "refused": 10, "none": 10, "revoked": 5},
    ),
    Document.Kind.WORK_PERMIT: (
        "Labour office (host state)",
        1,
        {"issued": 35, "applied": 20, "none": 20, "refused": 10, "expired": 10, "revoked": 5},
    ),
    Document.Kind.REFUGEE_CERTIFICATE: (
        "Refugee and Asylum Office (host state)",
        3,
        {"issued": 50, "applied": 40, "refused": 10},
    ),
}
NUMBER_LETTERS = {
    "identity_card": "ID",
    "passport": "P",
    "residence_permit": "RP",
    "work_permit": "WP",
    "refugee_certificate": "RC",
}


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    kind: str


def _oversight_kind() -> str:
    # An oversight body: its own kind when the model has one, else the nearest state kind.
    kind = getattr(Agency.Kind, "OVERSIGHT", Agency.Kind.SOCIAL)
    return str(kind)


AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec("ngo", "North Shelter Network", Agency.Kind.NGO),
    AgencySpec("ngo2", "Harbour Legal Aid", Agency.Kind.NGO),
    AgencySpec("police", "Harbour District Police, Protection Unit", Agency.Kind.POLICE),
    AgencySpec("health", "Coastal Regional Health Service", Agency.Kind.HEALTH),
    AgencySpec("labour", "State Labour Inspectorate", Agency.Kind.LABOUR),
    AgencySpec("refugee", "Refugee and Asylum Office", Agency.Kind.REFUGEE),
    AgencySpec("oversight", "Independent Protection Monitor", _oversight_kind()),
)

# (username, role, agency key): one user per role, named after it, plus a second caseworker.
USERS: tuple[tuple[str, str, str], ...] = (
    ("caseworker", Role.CASEWORKER, "ngo"),
    ("supervisor", Role.SUPERVISOR, "ngo"),
    ("enquiry_desk", Role.ENQUIRY_DESK, "ngo"),
    ("police_liaison", Role.POLICE_LIAISON, "police"),
    ("health", Role.HEALTH, "health"),
    ("inspector", Role.INSPECTOR, "labour"),
    ("refugee_liaison", Role.REFUGEE_LIAISON, "refugee"),
    ("auditor", Role.AUDITOR, "oversight"),
    ("admin", Role.ADMIN, "ngo"),
    ("other_caseworker", Role.CASEWORKER, "ngo2"),
)

# Why a record is shared with an agency, by the agency's key.
SHARE_REASONS = {
    "police": "Threats reported; police protection requested with the person's consent.",
    "health": "Referred for medical care with the person's consent.",
    "labour": "Documents held by an employer; labour inspection requested.",
    "refugee": "Asylum claim being prepared with the refugee agency.",
    "ngo2": "Legal aid for residence and work permits.",
}


# Well-known real people whose full names could come out of random combinations of common
# name elements. The generator redraws rather than produce any of them (in any spelling).
REAL_NAMES_DENYLIST = frozenset(
    {
        "Mahsa Amini",
        "Narges Mohammadi",
        "Shirin Ebadi",
        "Nasrin Sotoudeh",
        "Ali Khamenei",
        "Hassan Rouhani",
        "Ebrahim Raisi",
        "Qasem Soleimani",
        "Ghasem Soleimani",
        "Mohammad Khatami",
        "Mahmoud Ahmadinejad",
        "Maryam Rajavi",
        "Masoud Rajavi",
        "Massoud Rajavi",
        "Reza Pahlavi",
        "Farah Pahlavi",
        "Mohammad Mosaddegh",
        "Hossein Mousavi",
        "Zahra Rahnavard",
        "Javad Zarif",
        "Asghar Farhadi",
        "Jafar Panahi",
        "Abbas Kiarostami",
        "Hassan Nasrallah",
        "Ali Larijani",
        "Sali Berisha",
        "Edi Rama",
        "Enver Hoxha",
        "Ilir Meta",
        "Ramiz Alia",
        "Bajram Begaj",
    }
)


def _name_key(name: str) -> str:
    return "".join(c for c in _ascii(name).casefold() if c.isalpha())


_DENIED_KEYS = frozenset(_name_key(n) for n in REAL_NAMES_DENYLIST)


def is_denied_name(given_spellings: Any, family_spellings: Any) -> bool:
    """Whether any spelling of this given + family name is a well-known real person's."""
    return any(
        _name_key(f"{g} {f}") in _DENIED_KEYS for g in given_spellings for f in family_spellings
    )


class DemoRefused(Exception):
    """The demo will not run here (not a demo deployment)."""


@dataclass
class DemoResult:
    loaded: bool
    existing_users: int = 0
    existing_people: int = 0
    agencies: int = 0
    users: list[User] = field(default_factory=list)
    people: int = 0
    documents: int = 0
    shares: int = 0
    closed: int = 0
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    modules: dict[str, dict[str, int]] = field(default_factory=dict)
    password: str = ""
    password_from_env: bool = False
    credentials_path: Path | None = None
    seconds: float = 0.0


def database_has_data() -> tuple[int, int]:
    """(users, people) already in the database."""
    return User.objects.count(), Person.objects.count()


def resolve_password() -> tuple[str, bool]:
    """The demo password and whether it came from HAVEN_DEMO_PASSWORD."""
    value = os.environ.get(PASSWORD_ENV, "")
    if value.strip():
        return value, True
    return secrets.token_urlsafe(12), False


def credentials_path() -> Path:
    return Path(settings.VAR_DIR) / CREDENTIALS_FILENAME


def write_credentials(path: Path, users: list[User], password: str) -> None:
    """Usernames, roles, agencies and the password, readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "Haven demo accounts (synthetic data; for a local demo only).",
        "Sign in at the address that `haven serve` (or `make run`) prints.",
        f"Password for every account: {password}",
        "",
        f"{'username':<18} {'role':<16} agency",
    ]
    lines += [f"{u.username:<18} {u.role:<16} {u.agency.name if u.agency else '-'}" for u in users]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    path.chmod(0o600)  # also when the file already existed with wider rights


class _Maker:
    """Draws one synthetic person or document at a time from a seeded generator."""

    def __init__(self, rng: Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today

    def pick(self, weights: dict[str, int]) -> str:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def days_ago(self, lo: int, hi: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(lo, hi))

    # --- people -------------------------------------------------------------------
    def names(self, sex: str) -> tuple[str, str, list[dict[str, str]]]:
        rng = self.rng
        if sex == Sex.FEMALE:
            pool = GIVEN_NAMES_FEMALE
        elif sex == Sex.MALE:
            pool = GIVEN_NAMES_MALE
        else:
            pool = rng.choice((GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE))
        while True:
            g_fa, g_lat = rng.choice(pool)
            f_fa, f_lat = rng.choice(FAMILY_NAMES)
            if not is_denied_name(g_lat, f_lat):
                break
        # Registered under the spelling the person gave: usually the common one.
        given = g_lat[0] if rng.random() < 0.8 else rng.choice(g_lat)
        family = f_lat[0] if rng.random() < 0.8 else rng.choice(f_lat)
        other: list[dict[str, str]] = [{"name": f"{g_fa} {f_fa}", "script": "Arab"}]
        spellings = {f"{g} {f}" for g in g_lat for f in f_lat} - {f"{given} {family}"}
        extra = rng.choice((0, 1, 1, 2))
        for name in rng.sample(sorted(spellings), min(extra, len(spellings))):
            other.append({"name": name, "script": "Latn"})
        return given, family, other

    def albanian_names(self, sex: str) -> tuple[str, str, list[dict[str, str]]]:
        rng = self.rng
        pool = ALBANIAN_GIVEN_FEMALE if sex == Sex.FEMALE else ALBANIAN_GIVEN_MALE
        given, family = rng.choice(pool), rng.choice(ALBANIAN_FAMILY)
        while is_denied_name((given,), (family,)):
            given, family = rng.choice(pool), rng.choice(ALBANIAN_FAMILY)
        other = []
        if _ascii(family) != family:
            other.append({"name": f"{given} {_ascii(family)}", "script": "Latn"})
        return given, family, other

    def birth(self) -> tuple[dict[str, Any], int]:
        rng = self.rng
        age = rng.randint(4, 17) if rng.random() < 0.1 else int(rng.triangular(18, 78, 34))
        year = self.today.year - age
        fields: dict[str, Any]
        r = rng.random()
        if r < 0.45:
            day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
            day = min(day, self.today - dt.timedelta(days=1))
            fields = {"birth_precision": BirthPrecision.DATE, "birth_date": day}
        elif r < 0.75:
            fields = {"birth_precision": BirthPrecision.YEAR, "birth_year": year}
        elif r < 0.9:
            lo = year - rng.randint(0, 2)
            hi = min(lo + rng.choice((2, 3, 5)), self.today.year)
            fields = {
                "birth_precision": BirthPrecision.RANGE,
                "birth_year": lo,
                "birth_year_max": hi,
            }
        else:
            fields = {"birth_precision": BirthPrecision.UNKNOWN}
        return fields, age

    def phone(self) -> str:
        return f"{FAKE_PHONE_PREFIX}{self.rng.randint(0, 9999):04d}"

    def address(self) -> str:
        rng = self.rng
        return (
            f"{rng.choice(FAKE_STREETS)} {rng.randint(1, 120)}, "
            f"apt {rng.randint(1, 40)}, {rng.choice(ALBANIAN_PLACES)}"
        )

    def person_fields(self, caseworker: User | None) -> tuple[dict[str, Any], int]:
        rng = self.rng
        sex = self.pick({Sex.FEMALE: 50, Sex.MALE: 46, Sex.UNKNOWN: 3, Sex.OTHER: 1})
        albanian = rng.random() < 0.05
        given, family, other = (self.albanian_names if albanian else self.names)(sex)
        birth, age = self.birth()
        fields: dict[str, Any] = {
            "given_name": given,
            "family_name": family,
            "other_names": other,
            "sex": sex,
            **birth,
        }
        if albanian:
            fields["place_of_origin"] = rng.choice(ALBANIAN_PLACES)
            fields["nationalities"] = ["Albania"]
            fields["languages"] = ["Albanian"] + (["Persian"] if rng.random() < 0.4 else [])
        else:
            p_fa, p_lat, nationality, extra = rng.choice(PLACES)
            r = rng.random()
            fields["place_of_origin"] = "" if r < 0.1 else (p_fa if r < 0.3 else p_lat)
            nationalities = [nationality]
            if rng.random() < 0.05:
                nationalities.append("Albania")
            fields["nationalities"] = [] if rng.random() < 0.05 else nationalities
            languages = ["Persian", *extra]
            for lang, chance in (("English", 0.3), ("Albanian", 0.25)):
                if rng.random() < chance:
                    languages.append(lang)
            fields["languages"] = languages
        status = self.pick(
            {GroupStatus.MEMBER: 35, GroupStatus.FORMER_MEMBER: 55, GroupStatus.UNKNOWN: 10}
        )
        fields["group_status"] = status
        if status == GroupStatus.FORMER_MEMBER:
            if rng.random() < 0.75:
                span = max(8, min(25 * 365, (age - 1) * 365))
                fields["left_group_on"] = self.today - dt.timedelta(
                    days=int(rng.triangular(7, span, min(span, 400)))
                )
            fields["current_site"] = rng.choice(SITES_OUTSIDE)
            if rng.random() < 0.8:
                fields["address"] = self.address()
            if rng.random() < 0.75:
                fields["phone"] = self.phone()
        elif status == GroupStatus.MEMBER:
            fields["current_site"] = rng.choice(SITES_INSIDE)
            if rng.random() < 0.2:  # phones are often taken away inside
                fields["phone"] = self.phone()
        if caseworker is not None:
            fields["caseworker"] = caseworker
        return fields, age

    # --- documents ----------------------------------------------------------------
    def document_kinds(self, age: int) -> list[str]:
        rng = self.rng
        kinds = []
        for kind, chance in (
            ("identity_card", 0.6),
            ("passport", 0.5),
            ("residence_permit", 0.55),
            ("work_permit", 0.35),
            ("refugee_certificate", 0.08),
        ):
            if kind in ("work_permit", "identity_card") and age < 18:
                continue
            if rng.random() < chance:
                kinds.append(kind)
        return kinds

    def document_fields(self, kind: str, inside: bool, age: int) -> dict[str, Any]:
        rng = self.rng
        issuer, years, weights = DOCUMENT_KINDS[kind]
        status = self.pick(weights)
        validity = dt.timedelta(days=365 * years)
        fields: dict[str, Any] = {"kind": kind, "status": status, "issuer": issuer}
        if status == "applied":
            fields["applied_on"] = self.days_ago(3, 240)
            fields["number"] = f"{FAKE_DOCUMENT_PREFIX}APP-{rng.randint(10000, 99999)}"
        elif status == "refused":
            fields["applied_on"] = self.days_ago(60, 700)
            fields["notes"] = rng.choice(
                (
                    "Refused: no proof of address.",
                    "Refused: identity not established.",
                    "Refused; appeal possible.",
                )
            )
        elif status == "issued":
            if rng.random() < 0.15:  # expiring within 60 days: shows on the gap view
                expires = self.today + dt.timedelta(days=rng.randint(1, 60))
            else:
                expires = self.today + dt.timedelta(days=rng.randint(61, validity.days))
            fields["expires_on"] = expires
            fields["issued_on"] = min(expires - validity, self.today)
        elif status == "expired":
            expires = self.days_ago(1, 1500)
            fields["expires_on"] = expires
            fields["issued_on"] = expires - validity
        elif status == "revoked":
            issued = self.days_ago(60, 900)
            fields["issued_on"] = issued
            fields["expires_on"] = issued + validity
            fields["notes"] = "Revoked by the issuer."
        born = dt.date(self.today.year - age, 1, 1)
        if "issued_on" in fields and fields["issued_on"] < born:
            # Not before the person was born; the state follows the dates.
            fields["issued_on"] = born + dt.timedelta(days=rng.randint(30, 365))
            fields["issued_on"] = min(fields["issued_on"], self.today)
            fields["expires_on"] = fields["issued_on"] + validity
            if status in ("issued", "expired"):
                status = "issued" if fields["expires_on"] >= self.today else "expired"
                fields["status"] = status
        if status in ("issued", "expired", "revoked"):
            fields["number"] = (
                f"{FAKE_DOCUMENT_PREFIX}{NUMBER_LETTERS[kind]}{rng.randint(1000000, 9999999)}"
            )
            if "issued_on" in fields and rng.random() < 0.5:
                fields["applied_on"] = fields["issued_on"] - dt.timedelta(days=rng.randint(14, 120))
            r = rng.random()
            group_chance = 0.22 if inside else 0.06
            if r < group_chance:
                fields["holder"] = Document.Holder.GROUP
                fields["holder_detail"] = rng.choice(GROUP_HOLDERS)
            elif r < group_chance + 0.06:
                fields["holder"] = Document.Holder.EMPLOYER
                fields["holder_detail"] = f"Held by the employer: {rng.choice(EMPLOYERS)}."
            elif r < group_chance + 0.08:
                fields["holder"] = Document.Holder.AUTHORITY
                fields["holder_detail"] = "Retained by the Directorate for Migration."
        return fields


def _ensure_demo_allowed() -> None:
    if not getattr(settings, "DEMO", False):
        raise DemoRefused(
            "haven demo creates well-known accounts with one shared password and runs only in "
            "a local demo (HAVEN_DEMO=1). It was not run."
        )


def load_demo(*, people: int = DEFAULT_PEOPLE, seed: int = DEFAULT_SEED) -> DemoResult:
    """Fill an empty database with the demo; do nothing when it holds users or people."""
    _ensure_demo_allowed()
    if people < 0:
        raise ValueError("people must be zero or more")
    started = time.monotonic()
    n_users, n_people = database_has_data()
    if n_users or n_people:
        return DemoResult(loaded=False, existing_users=n_users, existing_people=n_people)
    password, from_env = resolve_password()
    rng = Random(seed)
    maker = _Maker(rng, timezone.localdate())
    result = DemoResult(loaded=True, password=password, password_from_env=from_env)
    counts: dict[str, Counter[str]] = {
        "group_status": Counter(),
        "document_status": Counter(),
        "held_by_other": Counter(),
        "birth_precision": Counter(),
        "expiring_soon": Counter(),
    }
    with transaction.atomic():
        agencies = {}
        # Agencies and accounts through the audited administration services.
        for spec in AGENCIES:
            agencies[spec.key] = Agency.objects.filter(name=spec.name).first() or agency_create(
                actor=None, name=spec.name, kind=spec.kind
            )
        users: dict[str, User] = {}
        for username, role, key in USERS:
            users[username], _link = user_create(
                actor=None,
                username=username,
                password=password,
                email=f"{username}@haven.example",
                first_name=username.replace("_", " ").capitalize(),
                role=role,
                agency=agencies[key],
                now=timezone.now(),
            )
        ngo, ngo2 = agencies["ngo"], agencies["ngo2"]
        writers = {
            ngo.pk: [users["caseworker"], users["supervisor"]],
            ngo2.pk: [users["other_caseworker"]],
        }
        share_targets = ["police", "health", "labour", "refugee", "ngo2"]
        created: list[Person] = []
        for _i in range(people):
            agency = ngo if rng.random() < 0.8 else ngo2
            team = writers[agency.pk]
            actor = team[0] if len(team) == 1 or rng.random() < 0.8 else team[1]
            r = rng.random()
            if agency == ngo:
                caseworker = (
                    users["caseworker"] if r < 0.55 else users["supervisor"] if r < 0.7 else None
                )
            else:
                caseworker = users["other_caseworker"] if r < 0.7 else None
            fields, age = maker.person_fields(caseworker)
            if DataClass.HEALTH in policy.classes_for(actor) and rng.random() < 0.25:
                fields["vulnerabilities"] = rng.choice(VULNERABILITIES)
            person = person_create(actor=actor, fields=fields, agency=agency)
            created.append(person)
            counts["group_status"][person.group_status] += 1
            counts["birth_precision"][person.birth_precision] += 1
            inside = person.group_status == GroupStatus.MEMBER
            for kind in maker.document_kinds(age):
                doc = document_create(
                    actor=actor, person=person, fields=maker.document_fields(kind, inside, age)
                )
                result.documents += 1
                counts["document_status"][doc.status] += 1
                counts["held_by_other"][str(doc.held_by_other)] += 1
                if (
                    doc.is_valid_on(maker.today)
                    and doc.expires_on
                    and (doc.expires_on <= maker.today + dt.timedelta(days=60))
                ):
                    counts["expiring_soon"]["True"] += 1
            if agency == ngo and rng.random() < 0.2:  # every partner agency sees some
                key = rng.choice(share_targets)
                person_share(
                    actor=actor, person=person, agency=agencies[key], reason=SHARE_REASONS[key]
                )
                result.shares += 1
        for person in created:
            if rng.random() < 0.03:
                actor = writers[person.agency_id][0]
                person_close(actor=actor, person=person, reason=rng.choice(CLOSE_REASONS))
                result.closed += 1
        ctx = DemoContext(
            rng=rng, today=maker.today, agencies=agencies, users=users, people=created
        )
        result.modules = run_loaders(ctx)
    result.agencies = len(agencies)
    result.users = list(users.values())
    result.people = len(created)
    result.counts = counts
    if not from_env:
        result.credentials_path = credentials_path()
        write_credentials(result.credentials_path, result.users, password)
    result.seconds = time.monotonic() - started
    return result
