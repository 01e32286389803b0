"""The demo city's events and volunteering offers, with dates relative to the day of loading.

Called by ``app.demo.load_demo`` after the services (events use their locations). Idempotent:
an event or offer is found by organisation and Polish title and never added twice. Weekly
events started a few weeks ago and run for half a year, so the calendar always has dates.
Every phone number and e-mail address is fictional. Texts are (Polish, Ukrainian or None,
English or None).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from app.demo_listings import load_districts
from app.extensions import db
from app.localtime import WARSAW, local_today
from app.models import Event, EventKind, Location, Organisation, Recurrence, Service, VolunteerOpportunity

LOCALES = ("pl", "uk", "en")

# weekday: Monday 0; weeks: when the first date was (negative: in the past); for one-off events
# "in_days" from today and "days" of duration. "location" and "service" name the organisation's own rows.
EVENTS = (
    {
        "org": "inclusion", "kind": EventKind.SUPPORT_GROUP, "weekday": 1, "start": "17:00", "end": "19:00",
        "weeks": -3, "repeat_weeks": 26, "location": "Stowarzyszenie SPWS – sala warsztatowa",
        "service": "Warsztaty dla rodziców „Być dobrym rodzicem”",
        "title": ("Grupa wsparcia dla rodziców „Być dobrym rodzicem”", "Група підтримки для батьків «Бути добрими "
                  "батьками»", "“Being a Good Parent” support group for parents"),
        "description": (
            "Cotygodniowe spotkania rodziców z psychologiem: granice bez krzyku, rozmowa z nastolatkiem, "
            "zmęczenie i złość w wychowaniu. W czasie spotkania opiekunka zajmuje się młodszymi dziećmi.",
            "Щотижневі зустрічі батьків із психологом: межі без крику, розмова з підлітком, втома і гнів у "
            "вихованні. Під час зустрічі няня доглядає за молодшими дітьми.",
            "Weekly meetings of parents with a psychologist: boundaries without shouting, talking with a teenager, "
            "tiredness and anger in parenting. A childminder looks after younger children during the meeting."),
        "registration": ("Zapisy telefoniczne; można dołączyć w każdym tygodniu.",
                         "Запис телефоном; можна приєднатися будь-якого тижня.",
                         "Sign up by phone; you can join any week."),
        "groups": ("families",), "phone": "+48 32 555 31 10", "email": "rodzice@demo.example",
    },
    {
        "org": "caritas", "kind": EventKind.SUPPORT_GROUP, "weekday": 3, "start": "19:00", "end": "20:30",
        "weeks": -4, "repeat_weeks": 30, "location": "Salka parafialna św. Jadwigi",
        "service": "Mityng AA „Nowa Droga” w salce parafialnej",
        "title": ("Mityng AA „Nowa Droga”", None, None),
        "description": (
            "Spotkanie wspólnoty Anonimowych Alkoholików. Jedynym warunkiem uczestnictwa jest chęć zaprzestania "
            "picia. Bez zapisów, opłat i list obecności.", None, None),
        "registration": ("Nie trzeba się zapisywać – wystarczy przyjść.", None, None),
        "groups": ("addictions",), "phone": "+48 32 555 14 30", "email": None,
    },
    {
        "org": "crisis", "kind": EventKind.SUPPORT_GROUP, "weekday": 0, "start": "18:00", "end": "19:30",
        "weeks": -2, "repeat_weeks": 24, "location": "Ośrodek Interwencji Kryzysowej",
        "title": ("Grupa wsparcia w żałobie", "Група підтримки в жалобі", "Bereavement support group"),
        "description": (
            "Spotkania dla osób, które straciły bliską osobę. Prowadzi psychoterapeutka Ośrodka. Można mówić "
            "albo tylko słuchać.",
            "Зустрічі для людей, які втратили близьку людину. Веде психотерапевтка Центру. Можна говорити або "
            "лише слухати.",
            "Meetings for people who have lost someone close. Led by the Centre's psychotherapist. You can talk "
            "or just listen."),
        "registration": ("Przed pierwszym spotkaniem krótka rozmowa telefoniczna.",
                         "Перед першою зустріччю — коротка телефонна розмова.",
                         "A short phone call before your first meeting."),
        "groups": (), "phone": "+48 32 555 20 40", "email": "zaloba@demo.example",
    },
    {
        "org": "selfhelp", "kind": EventKind.SUPPORT_GROUP, "weekday": 2, "start": "17:00", "end": "19:00",
        "weeks": -5, "repeat_weeks": 30, "location": "Miejsce spotkań grupy (adres poufny)",
        "service": "Grupa wsparcia „Promyk nadziei” dla osób doznających przemocy",
        "title": ("Spotkanie grupy „Promyk nadziei”", "Зустріч групи «Промінчик надії»",
                  "“Ray of Hope” group meeting"),
        "description": (
            "Cotygodniowe spotkanie grupy wsparcia dla osób doznających przemocy. Miejsce podajemy po rozmowie "
            "telefonicznej.",
            "Щотижнева зустріч групи підтримки для людей, які зазнають насильства. Місце повідомляємо після "
            "телефонної розмови.",
            "Weekly support group meeting for people experiencing violence. We give the place after a phone call."),
        "registration": ("Najpierw zadzwoń (pn i czw 18–20).", "Спершу зателефонуйте (пн і чт 18–20).",
                         "Call first (Mon and Thu 6–8pm)."),
        "groups": ("violence", "women"), "phone": "+48 32 555 21 00", "email": "promyk.nadziei@demo.example",
    },
    {
        "org": "family", "kind": EventKind.WORKSHOP, "in_days": 9, "start": "17:00", "end": "19:00",
        "location": "Ośrodek Psychoterapii i Promocji Rodziny", "service": "Poradnictwo dla osób zadłużonych",
        "title": ("Warsztat: jak wyjść z długów", "Семінар: як вибратися з боргів", "Workshop: getting out of debt"),
        "description": (
            "Domowy budżet, rozmowa z wierzycielem, ugoda i rozłożenie długu na raty, upadłość konsumencka. "
            "Prowadzi doradca finansowy i radca prawny. Można przyjść z pismami od wierzycieli.",
            "Домашній бюджет, розмова з кредитором, угода та розстрочка боргу, споживче банкрутство. Ведуть "
            "фінансовий консультант і юрист.",
            "Household budget, talking to creditors, settlements and instalments, consumer bankruptcy. Led by a "
            "financial adviser and a lawyer. Bring your letters from creditors if you like."),
        "registration": ("Liczba miejsc ograniczona – zapisy telefoniczne lub e-mailem.",
                         "Кількість місць обмежена — запис телефоном або електронною поштою.",
                         "Places are limited – sign up by phone or e-mail."),
        "groups": (), "phone": "+48 32 555 12 12", "email": "dlugi@demo.example",
    },
    {
        "org": "tpd", "kind": EventKind.HOLIDAY_ACTIVITY, "in_days": 23, "days": 4, "start": "09:00", "end": "14:00",
        "location": "Świetlica TPD w Maciejkowicach",
        "service": "Świetlica TPD w Maciejkowicach – zajęcia i ferie zimowe",
        "title": ("Świąteczne półkolonie w świetlicy", None, "Christmas holiday day camp in the day club"),
        "description": (
            "Pięć dni zajęć w przerwie świątecznej: warsztaty plastyczne i kulinarne, gry ruchowe, wyjście do "
            "kina i ciepły obiad. Dla dzieci w wieku 6–13 lat.", None,
            "Five days of activities during the Christmas break: arts and cooking workshops, games, a trip to the "
            "cinema and a hot lunch. For children aged 6–13."),
        "registration": ("Zapisy w świetlicy do końca miesiąca; decyduje kolejność zgłoszeń.", None,
                         "Sign up at the day club by the end of the month; first come, first served."),
        "groups": ("children",), "phone": "+48 32 555 40 45", "email": "swietlica.maciejkowice@demo.example",
    },
    {
        "org": "dayclub", "kind": EventKind.HOLIDAY_ACTIVITY, "in_days": 5, "start": "10:00", "end": "13:00",
        "location": "Świetlica Środowiskowa „Promyk”",
        "title": ("Mikołajkowe warsztaty dla dzieci", None, None),
        "description": ("Robimy ozdoby choinkowe i pierniki; na koniec wizyta Mikołaja. Dla dzieci 6–12 lat "
                        "z rodzicami lub opiekunami.", None, None),
        "registration": ("Wystarczy przyjść.", None, None),
        "groups": ("children", "families"), "phone": "+48 32 555 44 08", "email": None,
    },
    {
        "org": "disability", "kind": EventKind.WORKSHOP, "in_days": 12, "start": "11:00", "end": "13:00",
        "location": "Sala ćwiczeń Fundacji „Razem”", "cancelled": True,
        "title": ("Warsztaty: dostępne mieszkanie – jak je przystosować", None, None),
        "description": ("Jak przystosować mieszkanie do wózka, jakie dofinansowania są dostępne. Warsztaty "
                        "odwołane z powodu choroby prowadzącego – nowy termin podamy wkrótce.", None, None),
        "registration": None, "groups": ("disabilities",), "phone": "+48 32 555 50 05", "email": None,
    },
)

OFFERS = (
    {
        "org": "tpd", "district": "centrum", "age": 18, "ends_in_days": None,
        "title": ("Korepetycje w świetlicy środowiskowej", "Репетиторство в денному клубі", "Tutoring in a day club"),
        "description": (
            "Pomóż dzieciom w odrabianiu lekcji z matematyki, polskiego lub angielskiego. Zajęcia w małych "
            "grupach pod okiem wychowawcy.",
            "Допоможіть дітям з домашніми завданнями з математики, польської чи англійської. Заняття в малих "
            "групах під наглядом вихователя.",
            "Help children with homework in maths, Polish or English. Small groups, with a youth worker present."),
        "requirements": (
            "Ukończone 18 lat, zaświadczenie o niekaralności i sprawdzenie w Rejestrze Sprawców Przestępstw na Tle "
            "Seksualnym (pomożemy je załatwić).",
            "Вік від 18 років, довідка про несудимість і перевірка в реєстрі (допоможемо її оформити).",
            "Aged 18 or over, a criminal record certificate and a check in the sex offenders register (we help "
            "with both)."),
        "commitment": ("2 godziny w tygodniu, popołudniami", "2 години на тиждень, після обіду",
                       "2 hours a week, afternoons"),
        "contact": ("Teresa Wychowawczyni", "+48 32 555 40 40", "wolontariat.tpd@demo.example"),
    },
    {
        "org": "caritas", "district": "stary-chorzow", "age": 16, "ends_in_days": None,
        "title": ("Sortowanie żywności w magazynie Caritas", None, "Sorting food at the Caritas store"),
        "description": (
            "Przyjmowanie darów ze zbiórek, sprawdzanie dat ważności i pakowanie paczek dla rodzin.", None,
            "Receiving donations, checking use-by dates and packing parcels for families."),
        "requirements": ("Od 16 lat (osoby niepełnoletnie ze zgodą rodzica). Wygodne buty.", None,
                         "Aged 16 or over (under 18 with a parent's consent). Comfortable shoes."),
        "commitment": ("Soboty 9:00–12:00, choćby raz w miesiącu", None,
                       "Saturdays 9am–12pm, even once a month"),
        "contact": ("ks. Karol Charytatywny", "+48 32 555 14 00", "caritas.jadwiga@demo.example"),
    },
    {
        "org": "welfarehome", "district": "park", "age": 18, "ends_in_days": None,
        "title": ("Odwiedziny u samotnych seniorów", "Відвідування самотніх людей похилого віку",
                  "Visiting lonely seniors"),
        "description": (
            "Rozmowa, wspólny spacer, czytanie gazety, gra w karty z mieszkańcami Domu Pomocy Społecznej, "
            "których nikt nie odwiedza.",
            "Розмова, спільна прогулянка, читання газети, гра в карти з мешканцями будинку соціальної допомоги, "
            "яких ніхто не відвідує.",
            "Conversation, a walk, reading the paper or a game of cards with residents of the care home who have "
            "no visitors."),
        "requirements": ("Cierpliwość i regularność; krótkie szkolenie na początek.", None,
                         "Patience and regularity; a short training session to start."),
        "commitment": ("1–2 godziny w tygodniu", "1–2 години на тиждень", "1–2 hours a week"),
        "contact": ("Wiesław Opiekun", "+48 32 555 60 14", "wolontariat.dps@demo.example"),
    },
    {
        "org": "ops", "district": "centrum", "age": 18, "ends_in_days": 180,
        "title": ("Tłumaczenia polsko-ukraińskie w punkcie informacyjnym", "Усний переклад польська–українська в "
                  "інформаційному пункті", "Polish–Ukrainian interpreting at the information point"),
        "description": (
            "Pomoc w rozmowach mieszkańców z Ukrainy z pracownikami socjalnymi i urzędnikami; tłumaczenie "
            "prostych pism.",
            "Допомога в розмовах мешканців з України із соціальними працівниками та урядовцями; переклад простих "
            "листів.",
            "Helping residents from Ukraine talk with social workers and officials; translating simple letters."),
        "requirements": ("Dobra znajomość polskiego i ukraińskiego, dyskrecja (podpisujesz zobowiązanie do "
                         "zachowania tajemnicy).",
                         "Добре знання польської та української, конфіденційність (підписуєте зобов'язання).",
                         "Good Polish and Ukrainian, discretion (you sign a confidentiality agreement)."),
        "commitment": ("Dyżur 3 godziny w tygodniu", "Чергування 3 години на тиждень", "A 3-hour shift a week"),
        "contact": ("Olga Socjalna", "+48 32 555 70 02", "ukraina@demo.example"),
    },
    {
        "org": "shelter", "district": "batory", "age": 18, "ends_in_days": 120,
        "title": ("Zimowe patrole streetworkerskie", "Зимові вуличні патрулі", "Winter street patrols"),
        "description": (
            "Wieczorne patrole z streetworkerem: odwiedzamy pustostany, działki i dworce, rozdajemy gorącą "
            "herbatę, śpiwory i informację o ogrzewalni.",
            "Вечірні патрулі з вуличним соціальним працівником: відвідуємо покинуті будинки, дачі та вокзали, "
            "роздаємо гарячий чай, спальники та інформацію про пункт обігріву.",
            "Evening patrols with a street worker: we visit empty buildings, allotments and stations, hand out hot "
            "tea, sleeping bags and information about the warming room."),
        "requirements": ("Ukończone 18 lat, odporność na zimno, szkolenie BHP przed pierwszym patrolem.", None,
                         "Aged 18 or over, able to stand the cold, a safety briefing before the first patrol."),
        "commitment": ("Jeden wieczór w tygodniu, od listopada do marca", None,
                       "One evening a week, November to March"),
        "contact": ("Szymon Albertyn", "+48 32 555 80 40", "patrole@demo.example"),
    },
    {
        "org": "inclusion", "district": "stary-chorzow", "age": 16, "ends_in_days": 90,
        "title": ("Pomoc seniorom na kursie komputerowym", None, None),
        "description": ("Asystowanie prowadzącemu kurs obsługi komputera i telefonu dla seniorów: pomoc przy "
                        "zakładaniu poczty, wideorozmowach i bankowości internetowej.", None, None),
        "requirements": ("Swobodne korzystanie z komputera i smartfona, cierpliwość.", None, None),
        "commitment": ("Wtorki 10:00–12:00", None, None),
        "contact": ("Igor Aktywny", "+48 32 555 90 09", "kurs@demo.example"),
    },
)


def _translated(prefix: str, values) -> dict:
    if values is None:
        return {}
    return {f"{prefix}_{locale}": value for locale, value in zip(LOCALES, values, strict=True)}


def _at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), WARSAW).astimezone(UTC)


def _next_weekday(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _own(model, organisation: Organisation, **by):
    return db.session.execute(select(model).filter_by(organisation_id=organisation.id, **by)
                              .order_by(model.id).limit(1)).unique().scalar_one_or_none()


def _event(spec: dict, organisation: Organisation, today: date) -> Event:
    if "weekday" in spec:
        first = _next_weekday(today, spec["weekday"]) + timedelta(weeks=spec["weeks"])
        last, until = first, first + timedelta(weeks=spec["repeat_weeks"])
        recurrence = Recurrence.WEEKLY
    else:
        first = today + timedelta(days=spec["in_days"])
        last, until = first + timedelta(days=spec.get("days", 0)), None
        recurrence = Recurrence.ONCE
    location = _own(Location, organisation, name=spec["location"]) if spec.get("location") else None
    service = _own(Service, organisation, name_pl=spec["service"]) if spec.get("service") else None
    event = Event(
        organisation_id=organisation.id, kind=spec["kind"], starts_at=_at(first, spec["start"]),
        ends_at=_at(last, spec["end"]), recurrence=recurrence, repeat_until=until,
        location_id=location.id if location else None, service_id=service.id if service else None,
        is_free=True, contact_phone=spec["phone"], contact_email=spec["email"],
        is_cancelled=spec.get("cancelled", False), is_demo=True,
        **_translated("title", spec["title"]), **_translated("description", spec["description"]),
        **_translated("registration", spec["registration"]))
    event.group_list = spec["groups"]
    return event


def load_activities(organisations: dict[str, Organisation]) -> dict[str, int]:
    """Add the demo events and volunteering offers that are missing; returns how many were added."""
    today = local_today()
    districts = load_districts()
    created = {"events": 0, "volunteering": 0}
    for spec in EVENTS:
        organisation = organisations[spec["org"]]
        if _own(Event, organisation, title_pl=spec["title"][0]) is None:
            db.session.add(_event(spec, organisation, today))
            created["events"] += 1
    for spec in OFFERS:
        organisation = organisations[spec["org"]]
        if _own(VolunteerOpportunity, organisation, title_pl=spec["title"][0]) is not None:
            continue
        name, phone, email = spec["contact"]
        ends_on = today + timedelta(days=spec["ends_in_days"]) if spec["ends_in_days"] else None
        db.session.add(VolunteerOpportunity(
            organisation_id=organisation.id, district_id=districts[spec["district"]].id, starts_on=None,
            ends_on=ends_on, minimum_age=spec["age"], contact_name=name, contact_phone=phone, contact_email=email,
            is_demo=True, **_translated("title", spec["title"]), **_translated("description", spec["description"]),
            **_translated("requirements", spec["requirements"]), **_translated("commitment", spec["commitment"])))
        created["volunteering"] += 1
    db.session.flush()
    return created
