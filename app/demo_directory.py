"""Content of the demo city's public directory: districts, the category tree and services.

Plain data only, read by ``app/demo_listings.py``. The city is modelled on Chorzów and the
services on the seed documents (Ośrodek Interwencji Kryzysowej with hotel places and two
protected flats, Ośrodek Psychoterapii i Promocji Rodziny, świetlice TPD, groups
„Być dobrym rodzicem” and „Promyk nadziei”, Caritas, DPS, Brat Albert…). Every phone number,
address, e-mail and web address here is fictional. Confidential places (shelter for people
experiencing violence, protected flats, the violence support group) carry no street and only
the district centre as coordinates; their texts never reveal where they are.

Texts are (Polish, Ukrainian or None, English or None); None falls back to Polish on the page.
"""

# (code, name, latitude, longitude)
DISTRICTS = (
    ("centrum", "Centrum", 50.2970, 18.9545),
    ("klimzowiec", "Klimzowiec", 50.3020, 18.9680),
    ("chorzow-ii", "Chorzów II", 50.3060, 18.9380),
    ("stary-chorzow", "Chorzów Stary", 50.3110, 18.9820),
    ("maciejkowice", "Maciejkowice", 50.3255, 18.9380),
    ("nowe-hajduki", "Nowe Hajduki", 50.2885, 18.9420),
    ("batory", "Chorzów Batory", 50.2760, 18.9180),
    ("park", "Park Śląski", 50.2860, 18.9950),
)

TAXONOMY = (
    {
        "code": "crisis",
        "is_crisis": True,
        "label": ("Kryzys i przemoc", "Криза і насильство", "Crisis and violence"),
        "synonyms": (
            "kryzys, przemoc, pomoc natychmiastowa, interwencja, zagrożenie, pilne, SOS, bezpieczeństwo, "
            "ucieczka z domu, strach",
            "криза, насильство, термінова допомога, втручання, небезпека, SOS, безпека, втеча з дому, страх",
            "crisis, violence, emergency, urgent help, danger, SOS, safety, leaving home, afraid",
        ),
        "children": (
            {
                "code": "crisis.intervention",
                "is_crisis": True,
                "label": ("Interwencja kryzysowa", "Кризове втручання", "Crisis intervention"),
                "synonyms": (
                    "interwencja kryzysowa, OIK, nagła sytuacja, żałoba, śmierć bliskiej osoby, próba samobójcza, "
                    "myśli samobójcze, trauma, wypadek, załamanie, wojna",
                    "кризове втручання, гостра криза, горе, втрата, смерть близької людини, суїцидальні думки, "
                    "травма, аварія, нервовий зрив, війна",
                    "crisis intervention, acute crisis, bereavement, grief, suicide attempt, suicidal thoughts, "
                    "trauma, accident, breakdown, war",
                ),
            },
            {
                "code": "crisis.domestic-violence",
                "is_crisis": True,
                "label": ("Przemoc domowa", "Домашнє насильство", "Domestic violence"),
                "synonyms": (
                    "przemoc w rodzinie, przemoc domowa, Niebieska Karta, bicie, znęcanie, przemoc psychiczna, "
                    "przemoc seksualna, przemoc ekonomiczna, sprawca, ofiara przemocy, zakaz zbliżania, "
                    "izolacja sprawcy",
                    "насильство в сім'ї, домашнє насильство, Блакитна картка, побиття, знущання, психологічне "
                    "насильство, сексуальне насильство, економічне насильство, кривдник, постраждала, "
                    "заборона наближатися",
                    "domestic violence, family violence, abuse, Blue Card, beating, emotional abuse, sexual violence, "
                    "financial abuse, abuser, victim, restraining order",
                ),
            },
            {
                "code": "crisis.hotline",
                "is_crisis": True,
                "label": ("Telefony zaufania", "Телефони довіри", "Helplines"),
                "synonyms": (
                    "telefon zaufania, infolinia, całodobowy telefon, linia wsparcia, zadzwonić, porozmawiać, "
                    "anonimowo",
                    "телефон довіри, гаряча лінія, цілодобовий телефон, лінія підтримки, подзвонити, поговорити, "
                    "анонімно",
                    "helpline, hotline, 24-hour line, support line, phone, someone to talk to, anonymous",
                ),
            },
        ),
    },
    {
        "code": "shelter",
        "is_crisis": False,
        "label": ("Schronienie i mieszkanie", "Притулок і житло", "Shelter and housing"),
        "synonyms": (
            "schronisko, noclegownia, nocleg, bezdomność, ogrzewalnia, dach nad głową, mieszkanie, eksmisja, "
            "brak mieszkania",
            "притулок, нічліжка, ночівля, безхатченко, бездомність, житло, виселення, дах над головою",
            "shelter, night shelter, homeless, bed for the night, housing, eviction, somewhere to stay",
        ),
        "children": (
            {
                "code": "shelter.night-shelter",
                "is_crisis": True,
                "label": ("Noclegownie i ogrzewalnie", "Нічліжки та пункти обігріву",
                          "Night shelters and warming rooms"),
                "synonyms": (
                    "noclegownia, ogrzewalnia, nocleg, spanie, gdzie przenocować, zimno, mróz, łóżko na noc",
                    "нічліжка, пункт обігріву, ночівля, переночувати, де переспати, холод, мороз",
                    "night shelter, warming room, place to sleep tonight, cold, freezing, emergency bed",
                ),
            },
            {
                "code": "shelter.homeless-shelter",
                "is_crisis": False,
                "label": ("Schroniska dla osób bezdomnych", "Притулки для бездомних людей", "Homeless shelters"),
                "synonyms": (
                    "schronisko, bezdomny, bezdomność, wychodzenie z bezdomności, Brat Albert, dom dla bezdomnych, "
                    "pobyt",
                    "притулок, безхатченко, бездомний, бездомність, вихід із бездомності, проживання",
                    "homeless shelter, hostel, homeless, longer stay, leaving homelessness",
                ),
            },
            {
                "code": "shelter.protected-flat",
                "is_crisis": False,
                "label": ("Mieszkania chronione", "Захищені квартири", "Protected flats"),
                "synonyms": (
                    "mieszkanie chronione, mieszkanie treningowe, mieszkanie wspierane, usamodzielnienie, lokal",
                    "захищена квартира, тренувальна квартира, житло з підтримкою, самостійне життя",
                    "protected flat, supported housing, training flat, independent living",
                ),
            },
            {
                "code": "shelter.crisis-hotel",
                "is_crisis": True,
                "label": ("Hostele interwencyjne", "Кризові притулки", "Crisis accommodation"),
                "synonyms": (
                    "hostel, miejsca hotelowe, schronienie w kryzysie, ucieczka przed przemocą, bezpieczne miejsce, "
                    "dom samotnej matki",
                    "кризовий притулок, хостел, безпечне місце, втеча від насильства, тимчасове житло",
                    "crisis accommodation, refuge, women's refuge, safe house, emergency accommodation",
                ),
            },
        ),
    },
    {
        "code": "addiction",
        "is_crisis": False,
        "label": ("Uzależnienia", "Залежності", "Addiction"),
        "synonyms": (
            "uzależnienie, nałóg, alkoholizm, picie, narkotyki, hazard, terapia uzależnień, odwyk, abstynencja",
            "залежність, алкоголізм, пияцтво, наркотики, азартні ігри, лікування залежності, реабілітація",
            "addiction, alcoholism, drinking, drugs, gambling, rehab, recovery, sobriety",
        ),
        "children": (
            {
                "code": "addiction.alcohol",
                "is_crisis": False,
                "label": ("Alkohol", "Алкоголь", "Alcohol"),
                "synonyms": (
                    "alkohol, picie, pijący, alkoholik, AA, Anonimowi Alkoholicy, mityng, odwyk, leczenie odwykowe, "
                    "komisja alkoholowa, trzeźwość",
                    "алкоголь, пияцтво, алкоголік, Анонімні Алкоголіки, АА, лікування від алкоголізму, тверезість",
                    "alcohol, drinking, alcoholic, AA, Alcoholics Anonymous, detox, sobriety",
                ),
            },
            {
                "code": "addiction.drugs",
                "is_crisis": False,
                "label": ("Narkotyki i inne substancje", "Наркотики та інші речовини", "Drugs and other substances"),
                "synonyms": (
                    "narkotyki, dopalacze, marihuana, leki, ćpanie, narkomania, sekty, substancje psychoaktywne",
                    "наркотики, спайси, марихуана, ліки, наркоманія, психоактивні речовини, секти",
                    "drugs, legal highs, cannabis, medicines, substance use, cults",
                ),
            },
            {
                "code": "addiction.family",
                "is_crisis": False,
                "label": (
                    "Pomoc dla rodzin osób uzależnionych",
                    "Допомога родинам залежних людей",
                    "Help for families of people with addiction",
                ),
                "synonyms": (
                    "współuzależnienie, DDA, dorosłe dzieci alkoholików, Al-Anon, rodzina alkoholika, "
                    "dzieci z rodzin z problemem alkoholowym, socjoterapia",
                    "співзалежність, дорослі діти алкоголіків, Ал-Анон, сім'я алкоголіка, "
                    "діти із сімей, де п'ють",
                    "codependency, adult children of alcoholics, Al-Anon, family of an alcoholic, children of drinkers",
                ),
            },
        ),
    },
    {
        "code": "mental-health",
        "is_crisis": False,
        "label": ("Zdrowie psychiczne", "Психічне здоров'я", "Mental health"),
        "synonyms": (
            "psycholog, psychiatra, depresja, lęk, stres, samotność, wsparcie psychiczne, rozmowa, nerwica, "
            "bezsenność",
            "психолог, психіатр, депресія, тривога, стрес, самотність, психологічна підтримка, поговорити, "
            "безсоння",
            "psychologist, psychiatrist, depression, anxiety, stress, loneliness, emotional support, "
            "someone to talk to, sleeplessness",
        ),
        "children": (
            {
                "code": "mental-health.counselling",
                "is_crisis": False,
                "label": ("Porady psychologiczne", "Психологічні консультації", "Counselling"),
                "synonyms": (
                    "porada psychologiczna, konsultacja, dyżur psychologa, rozmowa z psychologiem, poradnia, "
                    "wsparcie",
                    "психологічна консультація, прийом психолога, розмова з психологом, підтримка",
                    "counselling, psychologist appointment, talk to a psychologist, advice",
                ),
            },
            {
                "code": "mental-health.support-groups",
                "is_crisis": False,
                "label": ("Grupy wsparcia", "Групи підтримки", "Support groups"),
                "synonyms": (
                    "grupa wsparcia, grupa samopomocowa, samopomoc, spotkania, mityng, wspólnota",
                    "група підтримки, група взаємодопомоги, взаємодопомога, зустрічі",
                    "support group, self-help group, peer support, meetings",
                ),
            },
            {
                "code": "mental-health.therapy",
                "is_crisis": False,
                "label": ("Psychoterapia", "Психотерапія", "Psychotherapy"),
                "synonyms": (
                    "psychoterapia, terapia, terapia rodzinna, terapia par, terapia małżeńska, terapeuta",
                    "психотерапія, терапія, сімейна терапія, терапія для пар, терапевт",
                    "psychotherapy, therapy, family therapy, couples therapy, therapist",
                ),
            },
        ),
    },
    {
        "code": "family",
        "is_crisis": False,
        "label": ("Rodzina i dzieci", "Сім'я та діти", "Family and children"),
        "synonyms": (
            "rodzina, dzieci, rodzice, wychowanie, dziecko, młodzież, nastolatek, rodzina wielodzietna, "
            "samotna matka, samotny ojciec",
            "сім'я, діти, батьки, виховання, дитина, підліток, багатодітна сім'я, мати-одиначка, батько-одинак",
            "family, children, parents, parenting, child, teenager, large family, single parent",
        ),
        "children": (
            {
                "code": "family.day-club",
                "is_crisis": False,
                "label": ("Świetlice i zajęcia dla dzieci", "Денні клуби та заняття для дітей",
                          "Day clubs and activities for children"),
                "synonyms": (
                    "świetlica, świetlica środowiskowa, zajęcia pozalekcyjne, pomoc w lekcjach, odrabianie lekcji, "
                    "korepetycje, ferie, wakacje, półkolonie, kolonie",
                    "денний клуб, позашкільні заняття, допомога з уроками, домашнє завдання, канікули, табір",
                    "day club, after-school club, homework help, holiday activities, summer camp",
                ),
            },
            {
                "code": "family.parenting-support",
                "is_crisis": False,
                "label": ("Wsparcie rodziców", "Підтримка батьків", "Parenting support"),
                "synonyms": (
                    "wychowanie, warsztaty dla rodziców, szkoła dla rodziców, pedagog, trudne zachowanie, "
                    "bunt nastolatka, konsekwencja",
                    "виховання, майстер-класи для батьків, школа для батьків, педагог, складна поведінка, "
                    "підлітковий бунт",
                    "parenting, parenting class, parents' workshop, child behaviour, teenager problems",
                ),
            },
            {
                "code": "family.family-assistant",
                "is_crisis": False,
                "label": ("Asystent rodziny", "Сімейний асистент", "Family assistant"),
                "synonyms": (
                    "asystent rodziny, asystentka, pomoc w domu, praca z rodziną, kurator, wsparcie rodziny",
                    "сімейний асистент, допомога вдома, робота з сім'єю, підтримка сім'ї",
                    "family assistant, family support worker, home visits, family support",
                ),
            },
            {
                "code": "family.foster-care",
                "is_crisis": False,
                "label": ("Piecza zastępcza i usamodzielnienie", "Прийомні сім'ї та підготовка до самостійного життя",
                          "Foster care and leaving care"),
                "synonyms": (
                    "piecza zastępcza, rodzina zastępcza, dom dziecka, rodzinny dom dziecka, wychowanek, "
                    "usamodzielnienie, adopcja",
                    "прийомна сім'я, дитячий будинок, дитячий будинок сімейного типу, вихованець, самостійне життя, "
                    "усиновлення",
                    "foster care, foster family, children's home, care leaver, leaving care, adoption",
                ),
            },
        ),
    },
    {
        "code": "seniors",
        "is_crisis": False,
        "label": ("Seniorzy i opieka", "Літні люди та догляд", "Older people and care"),
        "synonyms": (
            "senior, osoba starsza, emeryt, opieka, samotność, starość, opiekunka, dom opieki",
            "літні люди, пенсіонер, догляд, самотність, старість, доглядальниця, будинок для літніх",
            "older people, elderly, pensioner, care, loneliness, carer, care home",
        ),
        "children": (
            {
                "code": "seniors.care-services",
                "is_crisis": False,
                "label": ("Usługi opiekuńcze", "Послуги догляду", "Home care"),
                "synonyms": (
                    "usługi opiekuńcze, opiekunka, opieka domowa, pomoc w domu, zakupy, sprzątanie, dzienny pobyt, "
                    "pielęgnacja",
                    "послуги догляду, доглядальниця, догляд удома, допомога вдома, покупки, прибирання, "
                    "денне перебування",
                    "home care, carer, help at home, shopping, cleaning, day care",
                ),
            },
            {
                "code": "seniors.residential",
                "is_crisis": False,
                "label": ("Domy pomocy społecznej", "Будинки соціальної допомоги", "Care homes"),
                "synonyms": (
                    "DPS, dom pomocy społecznej, dom opieki, dom spokojnej starości, całodobowa opieka, "
                    "zakład opiekuńczy",
                    "будинок соціальної допомоги, DPS, будинок для літніх людей, будинок престарілих, "
                    "цілодобовий догляд",
                    "care home, nursing home, residential care, old people's home, 24-hour care",
                ),
            },
            {
                "code": "seniors.activities",
                "is_crisis": False,
                "label": ("Kluby seniora i spotkania", "Клуби та зустрічі для літніх людей",
                          "Senior clubs and activities"),
                "synonyms": (
                    "klub seniora, spotkania, samotni, wigilia, zajęcia dla seniorów, gimnastyka, towarzystwo",
                    "клуб для літніх, зустрічі, самотні люди, святкова вечеря, заняття, гімнастика",
                    "senior club, social activities, lonely, Christmas dinner, exercise class, company",
                ),
            },
        ),
    },
    {
        "code": "disability",
        "is_crisis": False,
        "label": ("Niepełnosprawność", "Інвалідність", "Disability"),
        "synonyms": (
            "niepełnosprawność, niepełnosprawny, orzeczenie, inwalida, wózek, PFRON, bariery, rehabilitacja",
            "інвалідність, людина з інвалідністю, посвідчення про інвалідність, візок, реабілітація, бар'єри",
            "disability, disabled, wheelchair, disability certificate, accessibility, rehabilitation",
        ),
        "children": (
            {
                "code": "disability.rehabilitation",
                "is_crisis": False,
                "label": ("Rehabilitacja i sprzęt", "Реабілітація та обладнання", "Rehabilitation and equipment"),
                "synonyms": (
                    "rehabilitacja, fizjoterapia, ćwiczenia, masaż, sprzęt rehabilitacyjny, wypożyczalnia, "
                    "wózek inwalidzki, balkonik, kule",
                    "реабілітація, фізіотерапія, вправи, масаж, реабілітаційне обладнання, прокат, інвалідний візок, "
                    "ходунки, милиці",
                    "rehabilitation, physiotherapy, exercise, massage, equipment loan, wheelchair, walking frame, "
                    "crutches",
                ),
            },
            {
                "code": "disability.advice",
                "is_crisis": False,
                "label": ("Doradztwo i uprawnienia", "Консультації та пільги", "Advice and entitlements"),
                "synonyms": (
                    "orzeczenie o niepełnosprawności, stopień niepełnosprawności, karta parkingowa, PFRON, "
                    "dofinansowanie, turnus rehabilitacyjny, bariery architektoniczne, ulgi",
                    "посвідчення про інвалідність, ступінь інвалідності, паркувальна картка, PFRON, дофінансування, "
                    "реабілітаційний табір, пільги",
                    "disability certificate, parking card, PFRON funding, grants, rehabilitation stay, "
                    "accessibility adaptations, entitlements",
                ),
            },
            {
                "code": "disability.education",
                "is_crisis": False,
                "label": ("Edukacja i terapia dzieci", "Навчання та терапія дітей",
                          "Education and therapy for children"),
                "synonyms": (
                    "wczesne wspomaganie, rewalidacja, logopeda, integracja sensoryczna, autyzm, "
                    "niepełnosprawne dziecko, REW, terapia dziecka",
                    "раннє втручання, логопед, сенсорна інтеграція, аутизм, дитина з інвалідністю, терапія дитини",
                    "early intervention, speech therapy, sensory integration, autism, disabled child, "
                    "special education",
                ),
            },
        ),
    },
    {
        "code": "food",
        "is_crisis": False,
        "label": ("Żywność i pomoc rzeczowa", "Продукти та речова допомога", "Food and material aid"),
        "synonyms": (
            "jedzenie, żywność, głód, posiłek, obiad, paczka, ubrania, odzież, pomoc rzeczowa, bieda, ubóstwo",
            "їжа, продукти, голод, обід, продуктовий набір, одяг, речова допомога, бідність",
            "food, hungry, meal, lunch, food parcel, clothes, material aid, poverty",
        ),
        "children": (
            {
                "code": "food.food-parcels",
                "is_crisis": False,
                "label": ("Paczki żywnościowe", "Продуктові набори", "Food parcels"),
                "synonyms": (
                    "paczka żywnościowa, paczki, bank żywności, FEPŻ, produkty, żywność, artykuły spożywcze",
                    "продуктовий набір, продуктові пакети, банк їжі, продукти",
                    "food parcel, food bank, groceries, food package",
                ),
            },
            {
                "code": "food.meals",
                "is_crisis": False,
                "label": ("Posiłki", "Харчування", "Meals"),
                "synonyms": (
                    "jadłodajnia, obiad, posiłek, zupa, gorący posiłek, stołówka, darmowy obiad, dożywianie, "
                    "kuchnia dla ubogich",
                    "їдальня, обід, гаряча їжа, суп, безкоштовний обід, харчування",
                    "soup kitchen, free meal, hot meal, lunch, school meals, canteen",
                ),
            },
            {
                "code": "food.material-aid",
                "is_crisis": False,
                "label": ("Odzież i pomoc rzeczowa", "Одяг і речова допомога", "Clothes and household goods"),
                "synonyms": (
                    "odzież, ubrania, buty, koce, pościel, meble, przybory szkolne, wyprawka, dary, pomoc rzeczowa, "
                    "opał",
                    "одяг, взуття, ковдри, постіль, меблі, шкільне приладдя, речі, речова допомога, паливо",
                    "clothes, shoes, blankets, bedding, furniture, school supplies, donations, fuel",
                ),
            },
        ),
    },
    {
        "code": "legal",
        "is_crisis": False,
        "label": ("Porady prawne i długi", "Юридичні консультації та борги", "Legal and debt advice"),
        "synonyms": (
            "prawnik, porada prawna, adwokat, radca prawny, sąd, długi, komornik, urząd, pismo",
            "юрист, юридична консультація, адвокат, суд, борги, судовий виконавець, документи",
            "lawyer, legal advice, solicitor, court, debt, bailiff, paperwork",
        ),
        "children": (
            {
                "code": "legal.free-legal-aid",
                "is_crisis": False,
                "label": ("Nieodpłatna pomoc prawna", "Безоплатна правова допомога", "Free legal aid"),
                "synonyms": (
                    "nieodpłatna pomoc prawna, darmowy prawnik, bezpłatna porada, alimenty, rozwód, eksmisja, "
                    "spadek, pozew, poradnictwo obywatelskie",
                    "безоплатна правова допомога, безкоштовний юрист, аліменти, розлучення, виселення, спадщина, "
                    "позов",
                    "free legal aid, free lawyer, child maintenance, divorce, eviction, inheritance, lawsuit, "
                    "citizens advice",
                ),
            },
            {
                "code": "legal.debt-advice",
                "is_crisis": False,
                "label": ("Poradnictwo dla zadłużonych", "Консультації щодо боргів", "Debt advice"),
                "synonyms": (
                    "długi, zadłużenie, komornik, chwilówki, kredyt, windykacja, upadłość konsumencka, "
                    "zaległy czynsz, nakaz zapłaty",
                    "борги, заборгованість, судовий виконавець, швидкі позики, кредит, колектори, банкрутство, "
                    "борг за квартиру",
                    "debt, arrears, bailiff, payday loan, credit, debt collector, bankruptcy, rent arrears",
                ),
            },
            {
                "code": "legal.benefits",
                "is_crisis": False,
                "label": ("Zasiłki i sprawy urzędowe", "Виплати та справи в установах",
                          "Benefits and official matters"),
                "synonyms": (
                    "zasiłek, świadczenie, 800 plus, dodatek mieszkaniowy, pomoc społeczna, OPS, MOPS, wniosek, "
                    "PESEL, karta pobytu",
                    "допомога, виплати, 800 плюс, житлова субсидія, соціальна допомога, заява, PESEL, карта побиту",
                    "benefits, welfare, allowance, 800 plus, housing allowance, application form, PESEL, "
                    "residence card",
                ),
            },
        ),
    },
    {
        "code": "work",
        "is_crisis": False,
        "label": ("Praca i aktywizacja", "Робота та активізація", "Work and activation"),
        "synonyms": (
            "praca, bezrobocie, zatrudnienie, szukanie pracy, CV, kurs, szkolenie, aktywizacja",
            "робота, безробіття, працевлаштування, пошук роботи, резюме, курси, навчання",
            "work, job, unemployment, employment, job search, CV, course, training",
        ),
        "children": (
            {
                "code": "work.career-advice",
                "is_crisis": False,
                "label": ("Doradztwo zawodowe i kursy", "Профорієнтація та курси", "Career advice and courses"),
                "synonyms": (
                    "doradca zawodowy, CV, życiorys, rozmowa kwalifikacyjna, kurs komputerowy, przekwalifikowanie, "
                    "szkolenie",
                    "кар'єрний консультант, резюме, співбесіда, комп'ютерні курси, перекваліфікація",
                    "career adviser, CV, job interview, computer course, retraining",
                ),
            },
            {
                "code": "work.social-integration",
                "is_crisis": False,
                "label": ("Integracja społeczna", "Соціальна інтеграція", "Social integration programmes"),
                "synonyms": (
                    "KIS, CIS, klub integracji społecznej, centrum integracji społecznej, kontrakt socjalny, "
                    "prace społecznie użyteczne, długotrwale bezrobotny",
                    "клуб соціальної інтеграції, соціальний контракт, суспільно корисні роботи, тривале безробіття",
                    "social integration club, social contract, community work, long-term unemployed",
                ),
            },
            {
                "code": "work.volunteering",
                "is_crisis": False,
                "label": ("Wolontariat", "Волонтерство", "Volunteering"),
                "synonyms": (
                    "wolontariat, wolontariusz, pomagać, zaangażowanie, praktyki",
                    "волонтерство, волонтер, допомагати",
                    "volunteering, volunteer, helping out, give time",
                ),
            },
        ),
    },
    {
        "code": "health",
        "is_crisis": False,
        "label": ("Zdrowie", "Здоров'я", "Health"),
        "synonyms": (
            "zdrowie, lekarz, pielęgniarka, leki, choroba, higiena, profilaktyka, ubezpieczenie zdrowotne, NFZ",
            "здоров'я, лікар, медсестра, ліки, хвороба, гігієна, профілактика, медичне страхування",
            "health, doctor, nurse, medicines, illness, hygiene, prevention, health insurance",
        ),
        "children": (
            {
                "code": "health.hygiene",
                "is_crisis": False,
                "label": ("Łaźnie i pralnie", "Лазні та пральні", "Showers and laundry"),
                "synonyms": (
                    "łaźnia, prysznic, kąpiel, pralnia, pranie, higiena, środki czystości",
                    "лазня, душ, помитися, пральня, прання, гігієна",
                    "shower, bath, laundry, washing clothes, hygiene, toiletries",
                ),
            },
            {
                "code": "health.nursing",
                "is_crisis": False,
                "label": ("Opieka pielęgniarska", "Медсестринський догляд", "Nursing care"),
                "synonyms": (
                    "pielęgniarka, opatrunek, rany, odleżyny, pielęgnacja, zastrzyki, opieka długoterminowa",
                    "медсестра, перев'язка, рани, пролежні, уколи, довготривалий догляд",
                    "nurse, dressings, wounds, bedsores, injections, long-term care",
                ),
            },
            {
                "code": "health.prevention",
                "is_crisis": False,
                "label": ("Profilaktyka i ruch", "Профілактика та рух", "Prevention and exercise"),
                "synonyms": (
                    "profilaktyka, badania, ciśnienie, gimnastyka, ruch, zdrowy styl życia, promocja zdrowia",
                    "профілактика, обстеження, тиск, гімнастика, рух, здоровий спосіб життя",
                    "prevention, check-up, blood pressure, exercise, healthy lifestyle",
                ),
            },
        ),
    },
)

SERVICES = (
    # --- Ośrodek Interwencji Kryzysowej -------------------------------------------------------------------------
    {
        "org": "crisis",
        "name": ("Całodobowa interwencja kryzysowa", "Цілодобове кризове втручання", "24-hour crisis intervention"),
        "description": (
            "Dyżurny psycholog lub pracownik socjalny przyjmie Cię o każdej porze dnia i nocy, bez skierowania "
            "i bez umawiania się. Pomagamy w nagłym kryzysie: po przemocy, śmierci bliskiej osoby, próbie "
            "samobójczej, wypadku czy utracie dachu nad głową; pierwsza rozmowa trwa zwykle do godziny. "
            "W zagrożeniu życia dzwoń na 112.",
            "Черговий психолог або соціальний працівник прийме вас у будь-який час дня і ночі, без направлення "
            "та попереднього запису. Допомагаємо в гострій кризі: після насильства, смерті близької людини, "
            "спроби самогубства, аварії чи втрати житла; перша розмова зазвичай триває до години. "
            "Якщо життю загрожує небезпека, телефонуйте 112.",
            "A duty psychologist or social worker will see you at any time of day or night, with no referral or "
            "appointment. We help in an acute crisis: after violence, a bereavement, a suicide attempt, an accident "
            "or losing your home; the first conversation usually takes up to an hour. If a life is in danger, "
            "call 112.",
        ),
        "audience": (
            "Dorośli i rodziny w nagłym kryzysie; dzieci i młodzież razem z rodzicem lub opiekunem.",
            "Дорослі та сім'ї в гострій кризі; діти й підлітки — разом із батьками чи опікуном.",
            "Adults and families in an acute crisis; children and teenagers with a parent or guardian.",
        ),
        "categories": ("crisis.intervention", "mental-health.counselling"),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("women", "men", "families", "youth", "violence", "refugees"),
        "languages": ("pl", "uk", "en"),
        "always_open": True, "hours": (), "closed_on_holidays": False,
        "phones": (
            ("+48 32 555 10 00", ("Dyżur całodobowy", "Цілодобове чергування", "24-hour duty line"), True),
        ),
        "email": "interwencja@demo.example", "url": "https://crisis.demo.example",
        "location": {
            "name": "Ośrodek Interwencji Kryzysowej", "street": "ul. Siemianowicka 30", "postal_code": "41-500",
            "district": "klimzowiec", "lat": 50.3028, "lon": 18.9671, "confidential": False,
            "intake": (
                "Wejście od podwórza; zadzwoń domofonem – dyżurny otworzy także w nocy.",
                "Вхід із двору; подзвоніть у домофон — черговий відчинить і вночі.",
                "Entrance from the courtyard; ring the intercom and the duty worker will open, also at night.",
            ),
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 9,
    },
    {
        "org": "crisis",
        "name": (
            "Miejsca hotelowe dla osób doznających przemocy w rodzinie",
            "Тимчасове житло для постраждалих від домашнього насильства",
            "Emergency accommodation for people experiencing domestic violence",
        ),
        "description": (
            "Bezpieczne, całodobowe schronienie na czas do trzech miesięcy dla osób, które muszą pilnie opuścić "
            "dom z powodu przemocy, także z dziećmi. Zapewniamy pokój, wyżywienie, wsparcie psychologa i pomoc "
            "w sprawach Niebieskiej Karty, alimentów czy rozwodu. Jeśli możesz, zabierz dokumenty, leki "
            "i najpotrzebniejsze rzeczy dzieci – ale nie zwlekaj, jeśli ich nie masz.",
            "Безпечний цілодобовий прихисток на строк до трьох місяців для людей, які мусять терміново залишити "
            "дім через насильство, зокрема з дітьми. Надаємо кімнату, харчування, підтримку психолога та допомогу "
            "у справах щодо «Блакитної картки» (Niebieska Karta), аліментів чи розлучення. Якщо можете, візьміть "
            "документи, ліки та найнеобхідніші речі для дітей — але не зволікайте, якщо їх немає.",
            "A safe, round-the-clock place to stay for up to three months for people who must leave home urgently "
            "because of violence, children included. We provide a room, meals, a psychologist and help with the "
            "Blue Card (Niebieska Karta) procedure, child maintenance or divorce. If you can, bring ID, medicines "
            "and your children's essentials — but do not wait if you cannot.",
        ),
        "audience": (
            "Osoby doznające przemocy domowej, także z dziećmi.",
            "Люди, які зазнають домашнього насильства, зокрема з дітьми.",
            "People experiencing domestic violence, with their children.",
        ),
        "categories": ("crisis.domestic-violence", "shelter.crisis-hotel"),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("women", "men", "children", "families", "violence"),
        "languages": ("pl", "uk", "en"),
        "always_open": True, "hours": (), "closed_on_holidays": False,
        "phones": (
            (
                "+48 32 555 10 00",
                (
                    "Dyżur całodobowy – zadzwoń przed przyjazdem",
                    "Цілодобове чергування — зателефонуйте перед приїздом",
                    "24-hour duty line — call before you come",
                ),
                True,
            ),
        ),
        "email": "interwencja@demo.example", "url": None,
        "location": {
            "name": "Hostel interwencyjny (adres poufny)", "street": None, "postal_code": "41-500",
            "district": "centrum", "lat": 50.2970, "lon": 18.9545, "confidential": True,
            "intake": (
                "Adres nie jest podawany publicznie. Zadzwoń pod całodobowy numer albo przyjdź do recepcji "
                "Ośrodka Interwencji Kryzysowej – dyżurny porozmawia z Tobą i zaprowadzi Cię na miejsce.",
                "Адреса не оприлюднюється. Зателефонуйте на цілодобовий номер або прийдіть на рецепцію Центру "
                "кризового втручання — черговий поговорить із вами й проведе вас на місце.",
                "The address is not published. Call the 24-hour number or come to the Crisis Intervention Centre's "
                "reception — the duty worker will talk with you and take you there.",
            ),
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 14,
    },
    {
        "org": "crisis",
        "name": (
            "Mieszkanie chronione dla matek z dziećmi",
            "Захищена квартира для матерів із дітьми",
            "Protected flat for mothers with children",
        ),
        "description": (
            "Samodzielne mieszkanie na kilka miesięcy dla kobiety z dziećmi, która po pobycie w hostelu lub "
            "odejściu od sprawcy przemocy potrzebuje czasu, by stanąć na nogi. Pracownik socjalny i psycholog "
            "odwiedzają mieszkanie co tydzień i pomagają ułożyć plan: praca, docelowe mieszkanie, szkoła dla dzieci. "
            "Miejsce przyznaje Ośrodek Pomocy Społecznej po rozmowie w Ośrodku Interwencji Kryzysowej.",
            "Окрема квартира на кілька місяців для жінки з дітьми, якій після перебування в хостелі чи відходу "
            "від кривдника потрібен час, щоб стати на ноги. Соціальний працівник і психолог щотижня відвідують "
            "квартиру й допомагають скласти план: робота, постійне житло, школа для дітей. Місце надає Центр "
            "соціальної допомоги (OPS) після розмови в Центрі кризового втручання.",
            "A self-contained flat for several months for a woman with children who, after the crisis hostel or "
            "leaving an abuser, needs time to get back on her feet. A social worker and a psychologist visit every "
            "week and help make a plan: work, permanent housing, school for the children. Places are granted by "
            "the Social Welfare Centre after an interview at the Crisis Intervention Centre.",
        ),
        "audience": (
            "Kobiety z dziećmi po doświadczeniu przemocy domowej.",
            "Жінки з дітьми, які пережили домашнє насильство.",
            "Women with children who have experienced domestic violence.",
        ),
        "categories": ("shelter.protected-flat", "crisis.domestic-violence"),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": True,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("women", "children", "families", "violence"),
        "languages": ("pl", "uk"),
        "always_open": False,
        "hours": (
            (0, "08:00", "16:00"), (1, "08:00", "16:00"), (2, "08:00", "16:00"), (3, "08:00", "16:00"),
            (4, "08:00", "16:00"),
        ),
        "closed_on_holidays": True,
        "phones": (
            (
                "+48 32 555 10 20",
                (
                    "Koordynatorka mieszkań chronionych (pn–pt 8–16)",
                    "Координаторка захищених квартир (пн–пт 8–16)",
                    "Protected flats coordinator (Mon–Fri 8am–4pm)",
                ),
                False,
            ),
            ("+48 32 555 10 00", ("Poza godzinami – dyżur całodobowy", "Поза цими годинами — цілодобове чергування",
                                  "Out of hours — 24-hour duty line"), True),
        ),
        "email": "mieszkania@demo.example", "url": None,
        "location": {
            "name": "Mieszkanie chronione nr 1 (adres poufny)", "street": None, "postal_code": "41-503",
            "district": "chorzow-ii", "lat": 50.3060, "lon": 18.9380, "confidential": True,
            "intake": (
                "Adres jest poufny. Najpierw zadzwoń do koordynatorki albo przyjdź do recepcji Ośrodka Interwencji "
                "Kryzysowej – tam ustalimy przyjęcie i przekażemy, jak dotrzeć.",
                "Адреса конфіденційна. Спершу зателефонуйте координаторці або прийдіть на рецепцію Центру "
                "кризового втручання — там домовимося про поселення й пояснимо, як дістатися.",
                "The address is confidential. First call the coordinator or come to the Crisis Intervention "
                "Centre's reception — we will arrange your move and tell you how to get there.",
            ),
            "step_free": False, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 33,
    },
    {
        "org": "crisis",
        "name": (
            "Mieszkanie chronione treningowe dla osób po doświadczeniu przemocy",
            "Тренувальна захищена квартира для людей, які пережили насильство",
            "Training protected flat for survivors of violence",
        ),
        "description": (
            "Mieszkanie dla dwóch–trzech dorosłych osób, które po wyjściu z przemocowej relacji uczą się "
            "samodzielnego życia: gospodarowania budżetem, załatwiania spraw urzędowych, szukania pracy i "
            "mieszkania. Pobyt trwa zwykle do sześciu miesięcy i opiera się na kontrakcie z pracownikiem "
            "socjalnym. Skierowanie wydaje Ośrodek Pomocy Społecznej.",
            "Квартира для двох-трьох дорослих, які після виходу з кривдних стосунків вчаться жити самостійно: "
            "планувати бюджет, вирішувати справи в установах, шукати роботу й житло. Перебування зазвичай "
            "триває до шести місяців і ґрунтується на угоді із соціальним працівником. Направлення видає Центр "
            "соціальної допомоги (OPS).",
            "A flat for two or three adults who, after leaving an abusive relationship, are learning to live "
            "independently: budgeting, dealing with offices, finding work and housing. A stay usually lasts up "
            "to six months and is based on an agreement with a social worker. Referrals come from the Social "
            "Welfare Centre.",
        ),
        "audience": (
            "Dorośli, także starsi, po doświadczeniu przemocy, którzy nie mogą wrócić do dotychczasowego mieszkania.",
            "Дорослі, зокрема літні люди, які пережили насильство й не можуть повернутися до свого житла.",
            "Adults, older people included, who have experienced violence and cannot return to their home.",
        ),
        "categories": ("shelter.protected-flat", "crisis.domestic-violence"),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": True,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("women", "men", "seniors", "violence"),
        "languages": ("pl",),
        "always_open": False,
        "hours": (
            (0, "08:00", "16:00"), (1, "08:00", "16:00"), (2, "08:00", "16:00"), (3, "08:00", "16:00"),
            (4, "08:00", "16:00"),
        ),
        "closed_on_holidays": True,
        "phones": (
            ("+48 32 555 10 20", ("Koordynatorka mieszkań chronionych", "Координаторка захищених квартир",
                                  "Protected flats coordinator"), False),
        ),
        "email": "mieszkania@demo.example", "url": None,
        "location": {
            "name": "Mieszkanie chronione nr 2 (adres poufny)", "street": None, "postal_code": "41-506",
            "district": "stary-chorzow", "lat": 50.3110, "lon": 18.9820, "confidential": True,
            "intake": (
                "Adres jest poufny. Zadzwoń do koordynatorki mieszkań chronionych lub zgłoś się do recepcji "
                "Ośrodka Interwencji Kryzysowej.",
                "Адреса конфіденційна. Зателефонуйте координаторці захищених квартир або зверніться на рецепцію "
                "Центру кризового втручання.",
                "The address is confidential. Call the protected flats coordinator or go to the Crisis "
                "Intervention Centre's reception.",
            ),
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 47,
    },
    {
        "org": "crisis",
        "name": (
            "Całodobowy telefon dla osób doznających przemocy",
            "Цілодобова гаряча лінія для постраждалих від насильства",
            "24-hour domestic violence helpline",
        ),
        "description": (
            "Zadzwoń anonimowo o każdej porze – psycholog lub pracownik interwencji pomoże ocenić zagrożenie, "
            "zaplanować bezpieczne wyjście z domu i wyjaśni, jak uruchomić procedurę Niebieskiej Karty. "
            "Mogą dzwonić też świadkowie i sąsiedzi. Przy bezpośrednim zagrożeniu dzwoń na 112.",
            "Телефонуйте анонімно в будь-який час — психолог або фахівець із кризового втручання допоможе оцінити "
            "небезпеку, спланувати безпечний вихід із дому й пояснить, як розпочати процедуру «Блакитна картка» "
            "(Niebieska Karta). Дзвонити можуть також свідки й сусіди. Якщо небезпека безпосередня, телефонуйте 112.",
            "Call anonymously at any time: a psychologist or crisis worker will help you assess the danger, plan "
            "how to leave safely and explain how to start the Blue Card (Niebieska Karta) procedure. Witnesses and "
            "neighbours can call too. In immediate danger, call 112.",
        ),
        "audience": (
            "Osoby doznające przemocy, ich bliscy i świadkowie.",
            "Люди, які зазнають насильства, їхні близькі та свідки.",
            "People experiencing violence, their families and witnesses.",
        ),
        "categories": ("crisis.hotline", "crisis.domestic-violence"),
        "status": "active",
        "walk_in": False, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("women", "men", "youth", "seniors", "violence"),
        "languages": ("pl", "uk", "en", "ru"),
        "always_open": True, "hours": (), "closed_on_holidays": False,
        "phones": (
            ("+48 32 555 10 10", ("Telefon całodobowy, anonimowy", "Цілодобовий анонімний телефон",
                                  "24-hour anonymous line"), True),
        ),
        "email": "przemoc@demo.example", "url": "https://crisis.demo.example/telefon",
        "location": {
            "name": "Ośrodek Interwencji Kryzysowej", "street": "ul. Siemianowicka 30", "postal_code": "41-500",
            "district": "klimzowiec", "lat": 50.3028, "lon": 18.9671, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 6,
    },
    {
        "org": "crisis",
        "name": (
            "Punkt konsultacyjny dla osób doznających przemocy – Niebieska Karta",
            "Консультаційний пункт для постраждалих від насильства — «Блакитна картка»",
            "Advice point for people experiencing violence – Blue Card procedure",
        ),
        "description": (
            "Psycholog, prawnik i pracownik socjalny wyjaśnią, co daje procedura Niebieskiej Karty, jak działa "
            "zespół interdyscyplinarny, jak złożyć zawiadomienie o przestępstwie albo wniosek o zakaz zbliżania się "
            "sprawcy. Konsultacja trwa około godziny; zabierz posiadane dokumenty, np. zaświadczenia lekarskie "
            "czy wezwania.",
            "Психолог, юрист і соціальний працівник пояснять, що дає процедура «Блакитна картка», як працює "
            "міждисциплінарна група, як подати заяву про злочин або клопотання про заборону кривдникові "
            "наближатися. Консультація триває близько години; візьміть наявні документи, наприклад медичні "
            "довідки чи повістки.",
            "A psychologist, a lawyer and a social worker explain what the Blue Card procedure gives you, how the "
            "interdisciplinary team works, and how to report a crime or apply for a restraining order. "
            "A consultation takes about an hour; bring any papers you have, such as medical certificates or "
            "summonses.",
        ),
        "audience": None,
        "categories": ("crisis.domestic-violence", "legal.free-legal-aid"),
        "status": "active",
        "walk_in": True, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("women", "men", "seniors", "violence"),
        "languages": ("pl", "uk"),
        "always_open": False,
        "hours": (
            (0, "10:00", "18:00"), (1, "10:00", "18:00"), (2, "10:00", "18:00"), (3, "10:00", "18:00"),
            (4, "10:00", "14:00"),
        ),
        "closed_on_holidays": False,
        "phones": (
            ("+48 32 555 10 12", ("Zapisy na konsultacje", "Запис на консультацію", "Booking"), False),
        ),
        "email": "przemoc@demo.example", "url": None,
        "location": {
            "name": "Ośrodek Interwencji Kryzysowej", "street": "ul. Siemianowicka 30", "postal_code": "41-500",
            "district": "klimzowiec", "lat": 50.3028, "lon": 18.9671, "confidential": False,
            "intake": (
                "Pokój konsultacyjny na parterze, wejście od podwórza.",
                "Консультаційна кімната на першому поверсі, вхід із двору.",
                "Consultation room on the ground floor, entrance from the courtyard.",
            ),
            "step_free": True, "accessible_toilet": True, "induction_loop": True, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 21,
    },
    {
        "org": "crisis",
        "name": ("Punkt konsultacyjny dla osób z problemem alkoholowym i ich bliskich", None, None),
        "description": (
            "Specjalista terapii uzależnień rozmawia z osobami pijącymi ryzykownie i z ich rodzinami, pomaga "
            "zmotywować się do leczenia i kieruje do poradni lub na oddział terapii uzależnień. Wyjaśnia też, "
            "jak złożyć wniosek do Miejskiej Komisji Rozwiązywania Problemów Alkoholowych o zobowiązanie do "
            "leczenia. Nie trzeba się zapisywać ani podawać nazwiska.",
            None,
            None,
        ),
        "audience": ("Osoby pijące, ich partnerzy, rodzice i dorosłe dzieci.", None, None),
        "categories": ("addiction.alcohol", "addiction.family"),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 16, "max_age": None,
        "target_groups": ("addictions", "families", "women", "men"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((1, "16:00", "19:00"), (3, "16:00", "19:00")),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 10 30", None, False),),
        "email": "uzaleznienia@demo.example", "url": None,
        "location": {
            "name": "Ośrodek Interwencji Kryzysowej", "street": "ul. Siemianowicka 30", "postal_code": "41-500",
            "district": "klimzowiec", "lat": 50.3028, "lon": 18.9671, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 58,
    },
    {
        "org": "crisis",
        "name": (
            "Wsparcie psychologiczne w języku ukraińskim",
            "Психологічна підтримка українською мовою",
            "Psychological support in Ukrainian",
        ),
        "description": (
            "Indywidualne spotkania z psycholożką mówiącą po ukraińsku i rosyjsku dla osób, które przyjechały "
            "z Ukrainy z powodu wojny: stres, bezsenność, lęk o bliskich, trudności dzieci w nowej szkole. "
            "Spotkanie trwa 50 minut; można przyjść z dzieckiem. Numer PESEL nie jest potrzebny.",
            "Індивідуальні зустрічі з психологинею, яка розмовляє українською та російською, для людей, які "
            "приїхали з України через війну: стрес, безсоння, тривога за рідних, труднощі дітей у новій школі. "
            "Зустріч триває 50 хвилин; можна прийти з дитиною. Номер PESEL не потрібен.",
            "One-to-one sessions with a psychologist who speaks Ukrainian and Russian, for people who came from "
            "Ukraine because of the war: stress, sleeplessness, worry about family, children's difficulties at a "
            "new school. A session lasts 50 minutes; you can bring your child. No PESEL number is needed.",
        ),
        "audience": (
            "Osoby z Ukrainy – dorośli, także z dziećmi.",
            "Люди з України — дорослі, зокрема з дітьми.",
            "People from Ukraine — adults, also with children.",
        ),
        "categories": ("mental-health.counselling", "crisis.intervention"),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("refugees", "women", "families", "children"),
        "languages": ("uk", "ru", "pl"),
        "always_open": False,
        "hours": ((0, "12:00", "18:00"), (2, "12:00", "18:00"), (5, "10:00", "14:00")),
        "closed_on_holidays": False,
        "phones": (
            ("+48 32 555 10 40", ("Zapisy (także SMS i Viber)", "Запис (також SMS і Viber)",
                                  "Booking (also by text or Viber)"), False),
        ),
        "email": "wsparcie.ua@demo.example", "url": "https://crisis.demo.example/ua",
        "location": {
            "name": "Ośrodek Interwencji Kryzysowej", "street": "ul. Siemianowicka 30", "postal_code": "41-500",
            "district": "klimzowiec", "lat": 50.3028, "lon": 18.9671, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 12,
    },
    # --- Stowarzyszenie na Rzecz Rodziny: Ośrodek Psychoterapii i Promocji Rodziny ------------------------------
    {
        "org": "family",
        "name": ("Bezpłatne porady prawne dla rodzin", "Безоплатні юридичні консультації для сімей",
                 "Free legal advice for families"),
        "description": (
            "Prawnik doradzi w sprawach rodzinnych i mieszkaniowych: alimenty, rozwód i separacja, kontakty "
            "z dzieckiem, eksmisja, spadki. Pomoże napisać pismo do sądu lub urzędu. Zabierz dokumenty, których "
            "dotyczy sprawa; porada trwa do 45 minut.",
            "Юрист проконсультує з сімейних і житлових питань: аліменти, розлучення та окреме проживання, "
            "спілкування з дитиною, виселення, спадщина. Допоможе написати лист до суду чи установи. Візьміть "
            "документи у вашій справі; консультація триває до 45 хвилин.",
            "A lawyer advises on family and housing matters: child maintenance, divorce and separation, contact "
            "with children, eviction, inheritance. They can help you write a letter to a court or an office. Bring "
            "the documents of your case; advice takes up to 45 minutes.",
        ),
        "audience": (
            "Mieszkańcy miasta, w szczególności rodzice i opiekunowie.",
            "Мешканці міста, особливо батьки й опікуни.",
            "City residents, especially parents and carers.",
        ),
        "categories": ("legal.free-legal-aid",),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("families", "women", "men"),
        "languages": ("pl", "en"),
        "always_open": False,
        "hours": ((1, "15:00", "19:00"), (3, "15:00", "19:00")),
        "closed_on_holidays": True,
        "phones": (
            ("+48 32 555 11 10", ("Zapisy na porady (pn–pt 9–15)", "Запис на консультації (пн–пт 9–15)",
                                  "Booking (Mon–Fri 9am–3pm)"), False),
        ),
        "email": "porady@demo.example", "url": "https://family.demo.example/porady",
        "contact": {
            "name": "Anna Wróbel",
            "title": (
                "radczyni prawna, koordynatorka porad",
                "юридична радниця, координаторка консультацій",
                "legal adviser, advice coordinator",
            ),
            "email": "a.wrobel@demo.example", "phone": "+48 32 555 21 14",
        },
        "location": {
            "name": "Ośrodek Psychoterapii i Promocji Rodziny", "street": "ul. Wolności 12", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2962, "lon": 18.9531, "confidential": False,
            "intake": (
                "Pierwsze piętro, pokój 12; w budynku jest winda.",
                "Другий поверх, кімната 12; у будинку є ліфт.",
                "First floor, room 12; there is a lift.",
            ),
            "step_free": True, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 40,
    },
    {
        "org": "family",
        "name": (
            "Poradnictwo psychologiczno-pedagogiczne",
            "Психолого-педагогічні консультації",
            "Psychological and parenting counselling",
        ),
        "description": (
            "Rozmowa z psychologiem lub pedagogiem o trudnościach wychowawczych, kryzysie w związku, zachowaniu "
            "dziecka, depresji czy stresie. Pierwsza konsultacja pozwala ustalić, czy wystarczy kilka spotkań, "
            "czy potrzebna jest terapia. Spotkanie trwa 50 minut.",
            "Розмова з психологом або педагогом про труднощі у вихованні, кризу у стосунках, поведінку дитини, "
            "депресію чи стрес. Перша консультація допомагає зрозуміти, чи вистачить кількох зустрічей, чи "
            "потрібна терапія. Зустріч триває 50 хвилин.",
            "Talk to a psychologist or educator about parenting difficulties, relationship problems, a child's "
            "behaviour, depression or stress. The first session helps decide whether a few meetings are enough "
            "or therapy is needed. A session lasts 50 minutes.",
        ),
        "audience": (
            "Rodzice, pary, młodzież od 13 lat (młodsze dzieci z rodzicem).",
            "Батьки, пари, підлітки від 13 років (молодші діти — з батьками).",
            "Parents, couples, teenagers from 13 (younger children with a parent).",
        ),
        "categories": ("mental-health.counselling", "family.parenting-support"),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("families", "youth", "women", "men"),
        "languages": ("pl", "uk"),
        "always_open": False,
        "hours": (
            (0, "14:00", "19:00"), (1, "14:00", "19:00"), (2, "14:00", "19:00"), (3, "14:00", "19:00"),
            (4, "10:00", "14:00"),
        ),
        "closed_on_holidays": False,
        "phones": (
            ("+48 32 555 11 00", ("Sekretariat ośrodka", "Секретаріат центру", "Centre reception"), False),
        ),
        "email": "rodzina@demo.example", "url": "https://family.demo.example",
        "location": {
            "name": "Ośrodek Psychoterapii i Promocji Rodziny", "street": "ul. Wolności 12", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2962, "lon": 18.9531, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 40,
    },
    {
        "org": "family",
        "name": ("Terapia rodzin i par", None, None),
        "description": (
            "Cykl spotkań terapeutycznych dla całej rodziny lub pary, prowadzonych przez dwoje terapeutów, "
            "zwykle co dwa tygodnie przez kilka miesięcy. Pomaga, gdy w domu narastają konflikty, dziecko ma "
            "poważne trudności albo rodzina przechodzi rozwód, żałobę lub chorobę. Na pierwsze spotkanie "
            "zapisujemy telefonicznie.",
            None,
            None,
        ),
        "audience": ("Rodziny z dziećmi i pary.", None, None),
        "categories": ("mental-health.therapy", "family.parenting-support"),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("families", "children", "youth"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((0, "16:00", "20:00"), (2, "16:00", "20:00"), (5, "09:00", "13:00")),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 11 00", ("Sekretariat ośrodka", None, None), False),),
        "email": "rodzina@demo.example", "url": None,
        "location": {
            "name": "Ośrodek Psychoterapii i Promocji Rodziny", "street": "ul. Wolności 12", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2962, "lon": 18.9531, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 64,
    },
    {
        "org": "family",
        "name": (
            "Punkt konsultacyjny ds. narkomanii i sekt",
            "Консультаційний пункт щодо наркоманії та сект",
            "Advice point on drugs and cults",
        ),
        "description": (
            "Anonimowe rozmowy dla osób używających narkotyków, dopalaczy lub nadużywających leków oraz dla "
            "rodziców zaniepokojonych zachowaniem dziecka. Pomagamy też rodzinom osób, które trafiły do sekty lub "
            "grupy manipulacyjnej. Kierujemy do poradni leczenia uzależnień i ośrodków terapii, a w razie potrzeby "
            "pomagamy się zapisać.",
            "Анонімні розмови для людей, які вживають наркотики, нові психоактивні речовини чи зловживають ліками, "
            "а також для батьків, стурбованих поведінкою дитини. Допомагаємо й родинам людей, які потрапили до "
            "секти чи маніпулятивної групи. Скеровуємо до наркологічних консультацій і реабілітаційних центрів, "
            "а за потреби допомагаємо записатися.",
            "Anonymous conversations for people using drugs or legal highs or misusing medicines, and for parents "
            "worried about their child's behaviour. We also help families of people drawn into a cult or a "
            "manipulative group. We refer to addiction clinics and treatment centres and help you book a place "
            "if needed.",
        ),
        "audience": (
            "Młodzież od 13 lat, dorośli i rodzice.",
            "Підлітки від 13 років, дорослі та батьки.",
            "Teenagers from 13, adults and parents.",
        ),
        "categories": ("addiction.drugs", "addiction.family"),
        "status": "active",
        "walk_in": True, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 13, "max_age": None,
        "target_groups": ("youth", "families", "addictions"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((0, "16:00", "19:00"), (2, "16:00", "19:00")),
        "closed_on_holidays": False,
        "phones": (
            ("+48 32 555 11 20", ("Punkt konsultacyjny (w godzinach dyżuru)", "Консультаційний пункт (у години роботи)",
                                  "Advice point (during opening hours)"), False),
        ),
        "email": "narkomania@demo.example", "url": None,
        "location": {
            "name": "Ośrodek Psychoterapii i Promocji Rodziny", "street": "ul. Wolności 12", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2962, "lon": 18.9531, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 88,
    },
    {
        "org": "family",
        "name": ("Centrum doradztwa zawodowego", "Центр професійного консультування", "Career advice centre"),
        "description": (
            "Doradca zawodowy pomoże określić mocne strony, napisać CV i list motywacyjny, przygotować się do "
            "rozmowy kwalifikacyjnej i wybrać kurs. Spotkanie trwa około godziny; zabierz świadectwa, dyplomy "
            "i dotychczasowe CV, jeśli je masz.",
            "Кар'єрний консультант допоможе визначити ваші сильні сторони, написати резюме та мотиваційний лист, "
            "підготуватися до співбесіди й обрати курс. Зустріч триває близько години; візьміть атестати, дипломи "
            "та резюме, якщо вони у вас є.",
            "A career adviser helps you find your strengths, write a CV and a cover letter, prepare for a job "
            "interview and choose a course. A meeting takes about an hour; bring certificates, diplomas and your "
            "CV if you have one.",
        ),
        "audience": (
            "Młodzież od 16 lat i dorośli, także osoby z Ukrainy.",
            "Молодь від 16 років і дорослі, зокрема люди з України.",
            "Young people from 16 and adults, including people from Ukraine.",
        ),
        "categories": ("work.career-advice",),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 16, "max_age": None,
        "target_groups": ("youth", "women", "men", "refugees"),
        "languages": ("pl", "uk", "en"),
        "always_open": False,
        "hours": ((1, "09:00", "15:00"), (2, "12:00", "18:00"), (4, "09:00", "13:00")),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 11 30", ("Zapisy", "Запис", "Booking"), False),),
        "email": "kariera@demo.example", "url": "https://family.demo.example/kariera",
        "location": {
            "name": "Ośrodek Psychoterapii i Promocji Rodziny", "street": "ul. Wolności 12", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2962, "lon": 18.9531, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 73,
    },
    {
        "org": "family",
        "name": ("Poradnictwo dla osób zadłużonych", "Консультації для людей із боргами", "Debt advice"),
        "description": (
            "Doradca przejrzy z Tobą długi – czynsz, prąd, chwilówki, komornik – i pomoże ułożyć plan spłaty, "
            "napisać wniosek o rozłożenie na raty lub umorzenie, sprzeciw od nakazu zapłaty albo przygotować się "
            "do upadłości konsumenckiej. Zabierz umowy, wezwania do zapłaty i pisma od komornika. Pierwsza wizyta "
            "trwa około godziny.",
            "Консультант разом із вами перегляне борги — за квартиру, електроенергію, швидкі позики, стягнення "
            "судовим виконавцем — і допоможе скласти план погашення, написати заяву про розстрочку чи списання, "
            "заперечення на судовий наказ про оплату або підготуватися до банкрутства фізичної особи. Візьміть "
            "договори, вимоги про оплату та листи від судового виконавця. Перша зустріч триває близько години.",
            "An adviser goes through your debts with you — rent, electricity, payday loans, bailiffs — and helps "
            "you make a repayment plan, apply for instalments or a write-off, object to a payment order or prepare "
            "for consumer bankruptcy. Bring contracts, payment demands and letters from the bailiff. The first "
            "visit takes about an hour.",
        ),
        "audience": None,
        "categories": ("legal.debt-advice",),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("families", "seniors", "women", "men"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((0, "15:00", "19:00"), (3, "10:00", "14:00")),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 11 40", ("Zapisy", "Запис", "Booking"), False),),
        "email": "dlugi@demo.example", "url": None,
        "location": {
            "name": "Ośrodek Psychoterapii i Promocji Rodziny", "street": "ul. Wolności 12", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2962, "lon": 18.9531, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 27,
    },
    # --- Towarzystwo Przyjaciół Dzieci --------------------------------------------------------------------------
    {
        "org": "tpd",
        "name": ("Świetlica środowiskowa TPD – zajęcia opiekuńczo-wychowawcze", None, None),
        "description": (
            "Codzienne zajęcia po lekcjach: odrabianie prac domowych, zajęcia plastyczne i sportowe, wyjścia "
            "do kina i na basen, podwieczorek. Wychowawcy współpracują z rodzicami i szkołą. Dziecko zapisuje "
            "rodzic lub opiekun; udział jest bezpłatny.",
            None,
            None,
        ),
        "audience": ("Dzieci i młodzież w wieku 7–16 lat.", None, None),
        "categories": ("family.day-club",),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 7, "max_age": 16,
        "target_groups": ("children", "youth", "families"),
        "languages": ("pl",),
        "always_open": False,
        "hours": (
            (0, "12:00", "18:00"), (1, "12:00", "18:00"), (2, "12:00", "18:00"), (3, "12:00", "18:00"),
            (4, "12:00", "18:00"),
        ),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 12 00", ("Wychowawcy świetlicy", None, None), False),),
        "email": "swietlica@demo.example", "url": "https://tpd.demo.example",
        "contact": {
            "name": "Katarzyna Nowicka",
            "title": (
                "kierowniczka świetlicy",
                "керівниця дитячого клубу",
                "head of the day club",
            ),
            "email": "k.nowicka@demo.example", "phone": None,
        },
        "location": {
            "name": "Świetlica środowiskowa TPD", "street": "ul. Katowicka 45", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2948, "lon": 18.9580, "confidential": False,
            "intake": None,
            "step_free": False, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": ("centrum", "klimzowiec", "park"),
        "verified_days_ago": 51,
    },
    {
        "org": "tpd",
        "name": ("Świetlica socjoterapeutyczna dla dzieci z rodzin z problemem alkoholowym", None, None),
        "description": (
            "Małe grupy (do 12 dzieci) pod opieką pedagogów i psychologa: zajęcia socjoterapeutyczne uczące "
            "radzenia sobie z emocjami, pomoc w nauce i ciepły posiłek. Przyjęcie po rozmowie z rodzicem; dziecko "
            "może też skierować pedagog szkolny, kurator lub asystent rodziny.",
            None,
            None,
        ),
        "audience": ("Dzieci w wieku 7–15 lat z rodzin, w których ktoś nadużywa alkoholu.", None, None),
        "categories": ("addiction.family", "family.day-club"),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": True,
        "is_free": True, "fees": None,
        "min_age": 7, "max_age": 15,
        "target_groups": ("children", "families", "addictions"),
        "languages": ("pl",),
        "always_open": False,
        "hours": (
            (0, "13:00", "18:00"), (1, "13:00", "18:00"), (2, "13:00", "18:00"), (3, "13:00", "18:00"),
            (4, "13:00", "18:00"),
        ),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 12 10", ("Kierowniczka świetlicy", None, None), False),),
        "email": "socjoterapia@demo.example", "url": None,
        "location": {
            "name": "Świetlica socjoterapeutyczna TPD", "street": "ul. Odrowążów 15", "postal_code": "41-515",
            "district": "batory", "lat": 50.2772, "lon": 18.9195, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": ("batory", "nowe-hajduki"),
        "verified_days_ago": 36,
    },
    {
        "org": "tpd",
        "name": ("Półkolonie letnie dla dzieci", "Літній денний табір для дітей", "Summer day camp for children"),
        "description": (
            "Dwa dwutygodniowe turnusy w lipcu i sierpniu: wycieczki, basen, warsztaty plastyczno-muzyczne, "
            "zajęcia sportowe i obiad. Pierwszeństwo mają dzieci z rodzin wspieranych przez OPS i z rodzin "
            "wielodzietnych. Zapisy ruszają w maju; poza wakacjami zajęcia się nie odbywają.",
            "Дві двотижневі зміни в липні та серпні: екскурсії, басейн, творчі й музичні майстер-класи, спорт "
            "і обід. Перевага — дітям із сімей, яким допомагає OPS, та з багатодітних сімей. Запис починається "
            "в травні; поза літніми канікулами заняття не проводяться.",
            "Two fortnight-long sessions in July and August: trips, swimming, art and music workshops, sport and "
            "lunch. Priority goes to children from families supported by the Social Welfare Centre and from large "
            "families. Registration opens in May; there are no activities outside the summer holidays.",
        ),
        "audience": (
            "Dzieci w wieku 7–13 lat.",
            "Діти віком 7–13 років.",
            "Children aged 7–13.",
        ),
        "categories": ("family.day-club",),
        "status": "temporarily closed",
        "walk_in": False, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 7, "max_age": 13,
        "target_groups": ("children", "families", "refugees"),
        "languages": ("pl", "uk"),
        "always_open": False,
        "hours": (
            (0, "08:00", "16:00"), (1, "08:00", "16:00"), (2, "08:00", "16:00"), (3, "08:00", "16:00"),
            (4, "08:00", "16:00"),
        ),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 12 00", ("Zapisy (od maja)", "Запис (з травня)", "Registration (from May)"), False),),
        "email": "wakacje@demo.example", "url": "https://tpd.demo.example/wakacje",
        "location": {
            "name": "Świetlica środowiskowa TPD", "street": "ul. Katowicka 45", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2948, "lon": 18.9580, "confidential": False,
            "intake": None,
            "step_free": False, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 95,
    },
    {
        "org": "tpd",
        "name": ("Świetlica TPD w Maciejkowicach – zajęcia i ferie zimowe", None, None),
        "description": (
            "Zajęcia popołudniowe dla dzieci z Maciejkowic i Chorzowa II: pomoc w lekcjach, gry, kółko "
            "teatralne. W czasie ferii zimowych przez dwa tygodnie świetlica działa od rana, z obiadem "
            "i wycieczkami – zapisy w styczniu u wychowawcy.",
            None,
            None,
        ),
        "audience": ("Dzieci w wieku 6–14 lat.", None, None),
        "categories": ("family.day-club",),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 6, "max_age": 14,
        "target_groups": ("children", "families"),
        "languages": ("pl",),
        "always_open": False,
        "hours": (
            (0, "13:00", "18:00"), (1, "13:00", "18:00"), (2, "13:00", "18:00"), (3, "13:00", "18:00"),
            (4, "13:00", "17:00"),
        ),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 12 20", None, False),),
        "email": None, "url": None,
        "location": {
            "name": "Świetlica TPD w Maciejkowicach", "street": "ul. Racławicka 10", "postal_code": "41-508",
            "district": "maciejkowice", "lat": 50.3248, "lon": 18.9372, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": ("maciejkowice", "chorzow-ii"),
        "verified_days_ago": 118,
    },
    # --- Świetlica Środowiskowa „Promyk” ------------------------------------------------------------------------
    {
        "org": "dayclub",
        "name": ("Zajęcia po szkole i pomoc w lekcjach", None, None),
        "description": (
            "Po lekcjach dzieci odrabiają z nami prace domowe, czytają, grają i bawią się na podwórku pod opieką "
            "wychowawców i wolontariuszy. Przy pierwszej wizycie rodzic wypełnia kartę zgłoszenia – wystarczy "
            "przyjść razem z dzieckiem.",
            None,
            None,
        ),
        "audience": ("Dzieci w wieku 6–15 lat.", None, None),
        "categories": ("family.day-club",),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 6, "max_age": 15,
        "target_groups": ("children", "families"),
        "languages": ("pl",),
        "always_open": False,
        "hours": (
            (0, "13:00", "18:00"), (1, "13:00", "18:00"), (2, "13:00", "18:00"), (3, "13:00", "18:00"),
            (4, "13:00", "18:00"),
        ),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 13 00", None, False),),
        "email": "promyk@demo.example", "url": None,
        "location": {
            "name": "Świetlica Środowiskowa „Promyk”", "street": "ul. Hajducka 8", "postal_code": "41-502",
            "district": "nowe-hajduki", "lat": 50.2890, "lon": 18.9425, "confidential": False,
            "intake": None,
            "step_free": False, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": ("nowe-hajduki", "centrum", "batory"),
        "verified_days_ago": 212,
    },
    {
        "org": "dayclub",
        "name": ("Ciepły posiłek dla dzieci w świetlicy", "Гарячий обід для дітей у денному клубі",
                 "Hot meal for children at the day club"),
        "description": (
            "Każde dziecko zapisane do świetlicy dostaje codziennie ciepły obiad – zupę i drugie danie "
            "przygotowane przez pobliską jadłodajnię. Posiłek wydajemy między 14:30 a 15:30; prosimy zgłaszać "
            "alergie i diety.",
            "Кожна дитина, записана до денного клубу, щодня отримує гарячий обід — суп і друге, які готує "
            "сусідня їдальня. Обід видаємо з 14:30 до 15:30; просимо повідомляти про алергії та дієти.",
            "Every child registered at the club gets a hot lunch each day — soup and a main course cooked by a "
            "nearby canteen. Lunch is served between 2:30 and 3:30pm; please tell us about allergies and diets.",
        ),
        "audience": (
            "Dzieci zapisane do świetlicy, 6–15 lat.",
            "Діти, записані до денного клубу, 6–15 років.",
            "Children registered at the club, aged 6–15.",
        ),
        "categories": ("food.meals", "family.day-club"),
        "status": "active",
        "walk_in": False, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 6, "max_age": 15,
        "target_groups": ("children", "families", "refugees"),
        "languages": ("pl",),
        "always_open": False,
        "hours": (
            (0, "14:30", "15:30"), (1, "14:30", "15:30"), (2, "14:30", "15:30"), (3, "14:30", "15:30"),
            (4, "14:30", "15:30"),
        ),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 13 00", None, False),),
        "email": "promyk@demo.example", "url": None,
        "location": {
            "name": "Świetlica Środowiskowa „Promyk”", "street": "ul. Hajducka 8", "postal_code": "41-502",
            "district": "nowe-hajduki", "lat": 50.2890, "lon": 18.9425, "confidential": False,
            "intake": None,
            "step_free": False, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": ("nowe-hajduki", "centrum", "batory"),
        "verified_days_ago": 204,
    },
    {
        "org": "dayclub",
        "name": ("Sobotnie warsztaty plastyczno-muzyczne", None, None),
        "description": (
            "W soboty przed południem malujemy, lepimy z gliny, śpiewamy i przygotowujemy przedstawienia na "
            "Dzień Dziecka i powitanie wiosny. Materiały zapewniamy; zajęcia są otwarte także dla dzieci spoza "
            "świetlicy.",
            None,
            None,
        ),
        "audience": ("Dzieci w wieku 6–12 lat.", None, None),
        "categories": ("family.day-club",),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 6, "max_age": 12,
        "target_groups": ("children",),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((5, "10:00", "13:00"),),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 13 00", None, False),),
        "email": "promyk@demo.example", "url": None,
        "location": {
            "name": "Świetlica Środowiskowa „Promyk”", "street": "ul. Hajducka 8", "postal_code": "41-502",
            "district": "nowe-hajduki", "lat": 50.2890, "lon": 18.9425, "confidential": False,
            "intake": None,
            "step_free": False, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": ("nowe-hajduki", "centrum", "batory"),
        "verified_days_ago": 45,
    },
    # --- Parafialny Zespół Caritas ------------------------------------------------------------------------------
    {
        "org": "caritas",
        "name": ("Paczki żywnościowe", "Продуктові набори", "Food parcels"),
        "description": (
            "Raz w miesiącu wydajemy paczki z żywnością o długim terminie (makaron, kasza, konserwy, mleko, olej) "
            "z unijnego programu pomocy żywnościowej (FEPŻ) i z banku żywności. Potrzebne jest skierowanie "
            "z Ośrodka Pomocy Społecznej; osoby w nagłej potrzebie dostaną jednorazową paczkę po rozmowie "
            "z zespołem. Zabierz dokument ze zdjęciem i torbę.",
            "Раз на місяць видаємо набори продуктів тривалого зберігання (макарони, крупи, консерви, молоко, олія) "
            "з європейської програми продовольчої допомоги (FEPŻ) та від банку їжі. Потрібне направлення від "
            "Центру соціальної допомоги (OPS); люди в нагальній потребі отримають разовий набір після розмови "
            "з волонтерами. Візьміть документ із фото та сумку.",
            "Once a month we hand out parcels of long-life food (pasta, grains, tinned food, milk, oil) from the "
            "EU food aid programme (FEPŻ) and the food bank. You need a referral from the Social Welfare Centre; "
            "people in urgent need get a one-off parcel after a talk with the team. Bring photo ID and a bag.",
        ),
        "audience": (
            "Osoby i rodziny o niskich dochodach, także z Ukrainy.",
            "Люди й сім'ї з низькими доходами, зокрема з України.",
            "People and families on low incomes, including people from Ukraine.",
        ),
        "categories": ("food.food-parcels",),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": True,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("families", "seniors", "refugees", "homelessness"),
        "languages": ("pl", "uk"),
        "always_open": False,
        "hours": ((1, "10:00", "13:00"), (3, "15:00", "18:00")),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 14 00", ("Zespół Caritas", "Команда Caritas", "Caritas team"), False),),
        "email": "caritas.jadwiga@demo.example", "url": "https://caritas.demo.example",
        "location": {
            "name": "Parafialny Zespół Caritas – parafia św. Jadwigi", "street": "ul. Kościelna 3",
            "postal_code": "41-506", "district": "stary-chorzow", "lat": 50.3105, "lon": 18.9815,
            "confidential": False,
            "intake": (
                "Wejście od strony plebanii, drzwi z napisem „Caritas”.",
                "Вхід з боку будинку парафії, двері з написом «Caritas».",
                "Entrance on the parish house side, door marked 'Caritas'.",
            ),
            "step_free": True, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": ("stary-chorzow", "klimzowiec", "chorzow-ii", "maciejkowice", "centrum"),
        "verified_days_ago": 19,
    },
    {
        "org": "caritas",
        "name": ("Jadłodajnia – bezpłatny gorący posiłek", "Їдальня — безкоштовний гарячий обід",
                 "Soup kitchen – free hot meal"),
        "description": (
            "Od poniedziałku do soboty wydajemy zupę i drugie danie – na miejscu albo do własnego pojemnika. "
            "Nie potrzeba skierowania ani dokumentów, wystarczy przyjść w godzinach wydawania. Na niedzielę "
            "i święta w sobotę wydajemy suchy prowiant.",
            "З понеділка до суботи видаємо суп і друге — можна поїсти на місці або забрати у власному контейнері. "
            "Не потрібні ні направлення, ні документи — достатньо прийти в години видачі. На неділю та свята "
            "в суботу видаємо сухий пайок.",
            "Monday to Saturday we serve soup and a main course to eat in or take away in your own container. "
            "No referral or documents needed — just come during serving hours. For Sundays and holidays, a packed "
            "meal is handed out on Saturday.",
        ),
        "audience": (
            "Każdy, kto jest głodny.",
            "Кожен, хто голодний.",
            "Anyone who is hungry.",
        ),
        "categories": ("food.meals",),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("homelessness", "seniors", "families", "refugees"),
        "languages": ("pl", "uk"),
        "always_open": False,
        "hours": (
            (0, "12:00", "14:00"), (1, "12:00", "14:00"), (2, "12:00", "14:00"), (3, "12:00", "14:00"),
            (4, "12:00", "14:00"), (5, "11:00", "13:00"),
        ),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 14 00", None, False),),
        "email": "caritas.jadwiga@demo.example", "url": None,
        "location": {
            "name": "Jadłodajnia Caritas", "street": "ul. Kościelna 3a", "postal_code": "41-506",
            "district": "stary-chorzow", "lat": 50.3102, "lon": 18.9818, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 11,
    },
    {
        "org": "caritas",
        "name": (
            "Punkt pomocy rzeczowej – odzież, pościel, przybory szkolne",
            "Пункт речової допомоги — одяг, постіль, шкільне приладдя",
            "Clothing and household goods – clothes, bedding, school supplies",
        ),
        "description": (
            "Wydajemy czystą odzież, obuwie, pościel i koce, a przed 1 września plecaki i przybory szkolne od "
            "sponsorów. Przyjmujemy też dary: rzeczy w dobrym stanie prosimy przynosić w środy. Można przyjść "
            "bez skierowania.",
            "Видаємо чистий одяг, взуття, постільну білизну та ковдри, а перед 1 вересня — рюкзаки та шкільне "
            "приладдя від спонсорів. Приймаємо й пожертви: речі в доброму стані просимо приносити в середу. "
            "Направлення не потрібне.",
            "We give out clean clothes, shoes, bedding and blankets, and before 1 September school bags and "
            "supplies from sponsors. We also accept donations: please bring items in good condition on Wednesdays. "
            "No referral needed.",
        ),
        "audience": None,
        "categories": ("food.material-aid",),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("families", "children", "homelessness", "refugees"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((2, "10:00", "12:00"), (5, "09:00", "11:00")),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 14 00", None, False),),
        "email": "caritas.jadwiga@demo.example", "url": None,
        "location": {
            "name": "Parafialny Zespół Caritas – parafia św. Jadwigi", "street": "ul. Kościelna 3",
            "postal_code": "41-506", "district": "stary-chorzow", "lat": 50.3105, "lon": 18.9815,
            "confidential": False,
            "intake": None,
            "step_free": False, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": ("stary-chorzow", "klimzowiec", "chorzow-ii", "maciejkowice"),
        "verified_days_ago": 233,
    },
    {
        "org": "caritas",
        "name": ("Spotkania dla osób samotnych i wieczerza wigilijna", None, None),
        "description": (
            "W każdy czwartek przy kawie i cieście spotykają się osoby starsze i samotne: rozmowy, gry, wspólne "
            "śpiewanie, czasem wycieczka. Przed Bożym Narodzeniem i Wielkanocą organizujemy spotkania świąteczne "
            "z posiłkiem dla osób samotnych i ubogich – zapisy w kancelarii parafialnej.",
            None,
            None,
        ),
        "audience": ("Osoby samotne, starsze i ubogie.", None, None),
        "categories": ("seniors.activities", "food.meals"),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("seniors", "homelessness"),
        "languages": ("pl", "de"),
        "always_open": False,
        "hours": ((3, "15:00", "17:00"),),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 14 00", ("Kancelaria parafialna", None, None), False),),
        "email": None, "url": None,
        "location": {
            "name": "Dom parafialny św. Jadwigi", "street": "ul. Kościelna 3", "postal_code": "41-506",
            "district": "stary-chorzow", "lat": 50.3105, "lon": 18.9815, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": ("stary-chorzow", "klimzowiec", "chorzow-ii", "maciejkowice"),
        "verified_days_ago": 70,
    },
    {
        "org": "caritas",
        "name": ("Mityng AA „Nowa Droga” w salce parafialnej", None, None),
        "description": (
            "Spotkania wspólnoty Anonimowych Alkoholików dla każdego, kto chce przestać pić; w ostatni piątek "
            "miesiąca mityng otwarty – mogą przyjść także bliscy i osoby zainteresowane. Nie ma zapisów, opłat "
            "ani list obecności; spotkanie trwa półtorej godziny. Grupa jest samodzielna, parafia udostępnia jej "
            "salkę.",
            None,
            None,
        ),
        "audience": ("Osoby z problemem alkoholowym, w mityngu otwartym także ich bliscy.", None, None),
        "categories": ("addiction.alcohol", "mental-health.support-groups"),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("addictions", "men", "women"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((4, "18:00", "19:30"),),
        "closed_on_holidays": False,
        "phones": (
            ("+48 32 555 14 30", ("Kontakt dla nowych osób (wieczorem)", None, None), False),
        ),
        "email": None, "url": None,
        "location": {
            "name": "Salka parafialna św. Jadwigi", "street": "ul. Kościelna 3", "postal_code": "41-506",
            "district": "stary-chorzow", "lat": 50.3105, "lon": 18.9815, "confidential": False,
            "intake": ("Wejście bocznymi drzwiami od parkingu, salka w piwnicy.", None, None),
            "step_free": False, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 150,
    },
    # --- Fundacja Osób Niepełnosprawnych „Razem” ----------------------------------------------------------------
    {
        "org": "disability",
        "name": ("Rehabilitacja ruchowa dla dorosłych", None, None),
        "description": (
            "Indywidualne zajęcia z fizjoterapeutą – ćwiczenia, masaż, fizykoterapia – w seriach po 10 spotkań. "
            "Potrzebne jest skierowanie od lekarza; osoby z orzeczeniem o niepełnosprawności korzystają "
            "bezpłatnie. Zabierz dokumentację medyczną i wygodny strój.",
            None,
            None,
        ),
        "audience": ("Dorośli z niepełnosprawnością ruchową i po urazach.", None, None),
        "categories": ("disability.rehabilitation",),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": True,
        "is_free": False,
        "fees": (
            "Bezpłatnie dla osób z orzeczeniem o niepełnosprawności; pozostali 60 zł za 45-minutowy zabieg.",
            "Безкоштовно для людей із посвідченням про інвалідність; для інших — 60 злотих за 45-хвилинну "
            "процедуру.",
            "Free for people with a disability certificate; others pay 60 zł per 45-minute session.",
        ),
        "min_age": 18, "max_age": None,
        "target_groups": ("disabilities", "seniors"),
        "languages": ("pl",),
        "always_open": False,
        "hours": (
            (0, "08:00", "18:00"), (1, "08:00", "18:00"), (2, "08:00", "18:00"), (3, "08:00", "18:00"),
            (4, "08:00", "18:00"),
        ),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 15 00", ("Rejestracja", None, None), False),),
        "email": "rehabilitacja@demo.example", "url": "https://disability.demo.example",
        "contact": {
            "name": "Tomasz Grabowski",
            "title": (
                "fizjoterapeuta, koordynator rehabilitacji",
                None,
                "physiotherapist, rehabilitation coordinator",
            ),
            "email": None, "phone": "+48 32 555 47 02",
        },
        "location": {
            "name": "Fundacja „Razem” – ośrodek rehabilitacji", "street": "ul. Czysta 5", "postal_code": "41-503",
            "district": "chorzow-ii", "lat": 50.3055, "lon": 18.9390, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": True, "sign_language": True,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 30,
    },
    {
        "org": "disability",
        "name": ("Doradztwo dla osób z niepełnosprawnościami i ich rodzin", None, None),
        "description": (
            "Pomagamy złożyć wniosek o orzeczenie o stopniu niepełnosprawności, kartę parkingową i dofinansowanie "
            "z PFRON do sprzętu, turnusu rehabilitacyjnego czy likwidacji barier architektonicznych w mieszkaniu. "
            "Doradca sprawdzi, jakie ulgi i świadczenia przysługują. Zabierz posiadane orzeczenia i dokumentację "
            "medyczną.",
            None,
            None,
        ),
        "audience": None,
        "categories": ("disability.advice", "legal.benefits"),
        "status": "active",
        "walk_in": True, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("disabilities", "families", "seniors"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((1, "09:00", "15:00"), (3, "12:00", "18:00")),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 15 00", None, False),),
        "email": "doradztwo@demo.example", "url": None,
        "location": {
            "name": "Fundacja „Razem” – ośrodek rehabilitacji", "street": "ul. Czysta 5", "postal_code": "41-503",
            "district": "chorzow-ii", "lat": 50.3055, "lon": 18.9390, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": True, "sign_language": True,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 55,
    },
    {
        "org": "disability",
        "name": ("Wypożyczalnia sprzętu rehabilitacyjnego", None, None),
        "description": (
            "Bezpłatnie wypożyczamy na kilka miesięcy wózki inwalidzkie, balkoniki, kule, łóżka rehabilitacyjne "
            "i materace przeciwodleżynowe. Potrzebny jest dowód osobisty i zaświadczenie lekarskie; sprzęt "
            "odbiera się samodzielnie, pomagamy przy załadunku.",
            None,
            None,
        ),
        "audience": ("Osoby z niepełnosprawnościami, po urazach i ich opiekunowie.", None, None),
        "categories": ("disability.rehabilitation", "seniors.care-services"),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("disabilities", "seniors"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((0, "10:00", "14:00"), (2, "10:00", "14:00"), (4, "12:00", "16:00")),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 15 20", ("Wypożyczalnia", None, None), False),),
        "email": None, "url": None,
        "location": {
            "name": "Wypożyczalnia sprzętu Fundacji „Razem”", "street": "ul. Czysta 5", "postal_code": "41-503",
            "district": "chorzow-ii", "lat": 50.3055, "lon": 18.9390, "confidential": False,
            "intake": ("Wjazd od podwórza, można podjechać samochodem pod drzwi magazynu.", None, None),
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 191,
    },
    {
        "org": "disability",
        "name": ("Ośrodek Rehabilitacyjno-Edukacyjno-Wychowawczy dla dzieci", None, None),
        "description": (
            "Zajęcia rewalidacyjno-wychowawcze, rehabilitacja, logopedia i terapia integracji sensorycznej dla "
            "dzieci i młodzieży z niepełnosprawnością sprzężoną lub intelektualną w stopniu głębokim. Dzieci "
            "spędzają w ośrodku cały dzień pod opieką terapeutów. Przyjęcie na podstawie orzeczenia poradni "
            "psychologiczno-pedagogicznej.",
            None,
            None,
        ),
        "audience": ("Dzieci i młodzież w wieku 3–25 lat z orzeczeniem.", None, None),
        "categories": ("disability.education", "disability.rehabilitation"),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": True,
        "is_free": True, "fees": None,
        "min_age": 3, "max_age": 25,
        "target_groups": ("children", "youth", "disabilities", "families"),
        "languages": ("pl",),
        "always_open": False,
        "hours": (
            (0, "07:30", "15:30"), (1, "07:30", "15:30"), (2, "07:30", "15:30"), (3, "07:30", "15:30"),
            (4, "07:30", "15:30"),
        ),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 15 10", ("Sekretariat ośrodka", None, None), False),),
        "email": "rew@demo.example", "url": "https://disability.demo.example/rew",
        "location": {
            "name": "Ośrodek Rehabilitacyjno-Edukacyjno-Wychowawczy", "street": "ul. Czysta 7",
            "postal_code": "41-503", "district": "chorzow-ii", "lat": 50.3058, "lon": 18.9396,
            "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 17,
    },
    {
        "org": "disability",
        "name": ("Grupowe ćwiczenia usprawniające dla seniorów i osób z niepełnosprawnościami", None, None),
        "description": (
            "Ćwiczenia ogólnousprawniające w małych grupach, prowadzone przez fizjoterapeutę, dwa razy w tygodniu "
            "po 45 minut. Sala przechodzi remont i dostosowanie do potrzeb osób na wózkach – zajęcia wrócą po jego "
            "zakończeniu; na listę oczekujących można zapisać się telefonicznie.",
            None,
            None,
        ),
        "audience": ("Seniorzy i osoby z niepełnosprawnością ruchową.", None, None),
        "categories": ("disability.rehabilitation", "health.prevention"),
        "status": "temporarily closed",
        "walk_in": False, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("seniors", "disabilities"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((1, "10:00", "10:45"), (3, "10:00", "10:45")),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 15 00", ("Zapisy na listę oczekujących", None, None), False),),
        "email": None, "url": None,
        "location": {
            "name": "Sala ćwiczeń Fundacji „Razem”", "street": "ul. Czysta 5", "postal_code": "41-503",
            "district": "chorzow-ii", "lat": 50.3055, "lon": 18.9390, "confidential": False,
            "intake": None,
            "step_free": False, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": ("chorzow-ii", "maciejkowice", "centrum"),
        "verified_days_ago": 24,
    },
    # --- Dom Dziecka – filia w Ośrodku Wsparcia Rodziny ---------------------------------------------------------
    {
        "org": "childrenshome",
        "name": ("Mieszkania usamodzielnienia dla wychowanków", None, None),
        "description": (
            "Trzy samodzielne mieszkania – filie Domu Dziecka – w których starsi wychowankowie pod opieką "
            "wychowawcy uczą się gospodarować pieniędzmi, prowadzić dom, gotować, planować czas wolny i załatwiać "
            "sprawy w urzędach. Umieszczenie następuje na podstawie postanowienia sądu, w porozumieniu "
            "z organizatorem pieczy zastępczej; wychowawca jest na miejscu całą dobę.",
            None,
            None,
        ),
        "audience": ("Wychowankowie pieczy zastępczej w wieku 13–18 lat.", None, None),
        "categories": ("family.foster-care",),
        "status": "active",
        "walk_in": False, "by_appointment": False, "by_referral": True,
        "is_free": True, "fees": None,
        "min_age": 13, "max_age": 18,
        "target_groups": ("youth", "children"),
        "languages": ("pl",),
        "always_open": True, "hours": (), "closed_on_holidays": False,
        "phones": (
            ("+48 32 555 16 00", ("Dyżur wychowawców", None, None), True),
        ),
        "email": "filia@demo.example", "url": None,
        "location": {
            "name": "Filia Domu Dziecka – biuro", "street": "ul. Słowackiego 21", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2985, "lon": 18.9520, "confidential": False,
            "intake": None,
            "step_free": False, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 62,
    },
    {
        "org": "childrenshome",
        "name": ("Wsparcie dla rodzin zastępczych i usamodzielniających się wychowanków", None, None),
        "description": (
            "Konsultacje z psychologiem i pedagogiem dla rodzin zastępczych, rodzinnych domów dziecka i młodych "
            "dorosłych opuszczających pieczę zastępczą: plan usamodzielnienia, wniosek o mieszkanie, pomoc "
            "na kontynuowanie nauki. Raz w miesiącu spotkanie grupy wsparcia dla rodziców zastępczych.",
            None,
            None,
        ),
        "audience": ("Rodziny zastępcze i wychowankowie w wieku 18–25 lat.", None, None),
        "categories": ("family.foster-care", "family.parenting-support"),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("families", "youth", "children"),
        "languages": ("pl",),
        "always_open": False,
        "hours": (
            (0, "08:00", "16:00"), (1, "08:00", "16:00"), (2, "10:00", "18:00"), (3, "08:00", "16:00"),
            (4, "08:00", "14:00"),
        ),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 16 10", ("Psycholog i pedagog", None, None), False),),
        "email": "rodziny.zastepcze@demo.example", "url": None,
        "location": {
            "name": "Ośrodek Wsparcia Rodziny", "street": "ul. Słowackiego 21", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2985, "lon": 18.9520, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 80,
    },
    # --- Ośrodek Pomocy Społecznej ------------------------------------------------------------------------------
    {
        "org": "ops",
        "name": ("Praca socjalna i zasiłki z pomocy społecznej", "Соціальна робота та соціальна допомога",
                 "Social work and welfare benefits"),
        "description": (
            "Pracownik socjalny przeprowadzi wywiad środowiskowy (zwykle w domu) i ustali z Tobą, jakie wsparcie "
            "przysługuje: zasiłek stały, okresowy lub celowy, opał, dożywianie, miejsce w schronisku czy DPS. "
            "Zabierz dowód osobisty, zaświadczenia o dochodach z ostatniego miesiąca i decyzje z ZUS lub urzędu "
            "pracy. Na decyzję czeka się zwykle do miesiąca.",
            "Соціальний працівник проведе оцінку умов проживання (зазвичай удома) і разом із вами визначить, "
            "яка підтримка вам належить: постійна, періодична чи цільова допомога, паливо, харчування, місце "
            "в притулку або в будинку соціальної допомоги (DPS). Візьміть посвідчення особи, довідки про доходи "
            "за останній місяць і рішення ZUS або центру зайнятості. Рішення зазвичай ухвалюють протягом місяця.",
            "A social worker carries out an assessment (usually at your home) and works out with you what support "
            "you are entitled to: permanent, periodic or one-off benefits, fuel, meals, a place in a shelter or "
            "a care home. Bring ID, proof of income for the last month and any decisions from ZUS or the job "
            "centre. A decision usually takes up to a month.",
        ),
        "audience": (
            "Mieszkańcy miasta w trudnej sytuacji życiowej lub materialnej.",
            "Мешканці міста у складній життєвій чи матеріальній ситуації.",
            "City residents in a difficult personal or financial situation.",
        ),
        "categories": ("legal.benefits", "food.material-aid"),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("families", "seniors", "disabilities", "homelessness", "refugees"),
        "languages": ("pl", "uk"),
        "always_open": False,
        "hours": (
            (0, "07:30", "17:00"), (1, "07:30", "15:30"), (2, "07:30", "15:30"), (3, "07:30", "15:30"),
            (4, "07:30", "15:30"),
        ),
        "closed_on_holidays": True,
        "phones": (
            ("+48 32 555 17 00", ("Sekretariat OPS", "Секретаріат OPS", "Reception"), False),
        ),
        "email": "ops@demo.example", "url": "https://ops.demo.example",
        "contact": {
            "name": "Beata Kaczmarek",
            "title": (
                "kierowniczka działu pomocy środowiskowej",
                "керівниця відділу соціальної допомоги за місцем проживання",
                "head of community social work",
            ),
            "email": "b.kaczmarek@demo.example", "phone": "+48 32 555 60 11",
        },
        "location": {
            "name": "Ośrodek Pomocy Społecznej", "street": "ul. Dąbrowskiego 2", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2975, "lon": 18.9560, "confidential": False,
            "intake": (
                "Biuro podawcze na parterze; pracownicy socjalni przyjmują według rejonu zamieszkania.",
                "Канцелярія на першому поверсі; соціальні працівники приймають за районом проживання.",
                "Front desk on the ground floor; social workers see people by the area they live in.",
            ),
            "step_free": True, "accessible_toilet": True, "induction_loop": True, "sign_language": True,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 8,
    },
    {
        "org": "ops",
        "name": ("Popołudniowe dyżury pracowników socjalnych – filia Batory", None, None),
        "description": (
            "Dla osób pracujących, które nie mogą przyjść rano: w poniedziałki i czwartki po południu pracownik "
            "socjalny przyjmie wniosek, wyjaśni, jakie dokumenty są potrzebne, i umówi wywiad w dogodnym "
            "terminie. Obsługujemy mieszkańców Batorego i Nowych Hajduk.",
            None,
            None,
        ),
        "audience": None,
        "categories": ("legal.benefits",),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("families", "women", "men"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((0, "15:00", "18:00"), (3, "15:00", "18:00")),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 17 10", ("Filia Batory", None, None), False),),
        "email": "ops.batory@demo.example", "url": None,
        "location": {
            "name": "Filia OPS Batory", "street": "ul. Stefana Batorego 60", "postal_code": "41-515",
            "district": "batory", "lat": 50.2752, "lon": 18.9170, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": ("batory", "nowe-hajduki"),
        "verified_days_ago": 66,
    },
    {
        "org": "ops",
        "name": ("Asystent rodziny", "Сімейний асистент", "Family assistant"),
        "description": (
            "Asystent odwiedza rodzinę w domu zwykle raz lub dwa razy w tygodniu i pomaga uporządkować codzienne "
            "sprawy: budżet, kontakt ze szkołą i lekarzem, opiekę nad dziećmi, sprawy urzędowe. Celem jest, by "
            "dzieci mogły bezpiecznie zostać z rodzicami. Asystenta przydziela OPS po rozmowie z pracownikiem "
            "socjalnym – o wsparcie może poprosić sama rodzina.",
            "Асистент відвідує сім'ю вдома зазвичай раз-двічі на тиждень і допомагає впорядкувати щоденні справи: "
            "бюджет, зв'язок зі школою та лікарем, догляд за дітьми, справи в установах. Мета — щоб діти могли "
            "безпечно залишатися з батьками. Асистента призначає OPS після розмови із соціальним працівником; "
            "попросити про підтримку може й сама сім'я.",
            "An assistant visits the family at home, usually once or twice a week, and helps with everyday "
            "matters: the budget, contact with school and doctors, childcare, dealing with offices. The aim is "
            "for children to stay safely with their parents. The Social Welfare Centre assigns an assistant after "
            "a talk with a social worker — families can ask for one themselves.",
        ),
        "audience": (
            "Rodziny z dziećmi przeżywające trudności opiekuńczo-wychowawcze.",
            "Сім'ї з дітьми, які мають труднощі з доглядом і вихованням.",
            "Families with children who are struggling with care and upbringing.",
        ),
        "categories": ("family.family-assistant",),
        "status": "active",
        "walk_in": False, "by_appointment": False, "by_referral": True,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("families", "children"),
        "languages": ("pl",),
        "always_open": False,
        "hours": (
            (0, "08:00", "18:00"), (1, "08:00", "18:00"), (2, "08:00", "18:00"), (3, "08:00", "18:00"),
            (4, "08:00", "16:00"),
        ),
        "closed_on_holidays": True,
        "phones": (
            ("+48 32 555 17 20", ("Zespół asystentów rodziny", "Команда сімейних асистентів",
                                  "Family assistants team"), False),
        ),
        "email": "asystenci@demo.example", "url": None,
        "location": {
            "name": "Ośrodek Pomocy Społecznej", "street": "ul. Dąbrowskiego 2", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2975, "lon": 18.9560, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": True, "sign_language": True,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 25,
    },
    {
        "org": "ops",
        "name": ("Usługi opiekuńcze w domu", None, None),
        "description": (
            "Opiekunka przychodzi do domu i pomaga w codziennych czynnościach: zakupy, przygotowanie posiłku, "
            "sprzątanie, higiena osobista, wizyty u lekarza. Zakres i liczbę godzin ustala pracownik socjalny "
            "po wizycie w domu; usługi przyznaje decyzja OPS. Wniosek może złożyć sama osoba, rodzina lub sąsiad.",
            None,
            None,
        ),
        "audience": ("Osoby starsze, chore i z niepełnosprawnościami, które mieszkają same.", None, None),
        "categories": ("seniors.care-services",),
        "status": "active",
        "walk_in": False, "by_appointment": False, "by_referral": True,
        "is_free": False,
        "fees": (
            "Odpłatność zależy od dochodu: osoby z dochodem poniżej kryterium pomocy społecznej nie płacą, "
            "pozostali od 5% do 100% kosztu godziny usług (ok. 38 zł za godzinę).",
            "Оплата залежить від доходу: люди з доходом, нижчим за критерій соціальної допомоги, не платять, "
            "інші — від 5% до 100% вартості години послуг (близько 38 злотих за годину).",
            "The charge depends on income: people below the welfare income threshold pay nothing, others pay "
            "5–100% of the hourly cost (about 38 zł an hour).",
        ),
        "min_age": None, "max_age": None,
        "target_groups": ("seniors", "disabilities"),
        "languages": ("pl",),
        "always_open": False,
        "hours": (
            (0, "07:30", "15:30"), (1, "07:30", "15:30"), (2, "07:30", "15:30"), (3, "07:30", "15:30"),
            (4, "07:30", "15:30"),
        ),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 17 30", ("Zespół ds. usług opiekuńczych", None, None), False),),
        "email": "uslugi@demo.example", "url": None,
        "location": {
            "name": "Ośrodek Pomocy Społecznej", "street": "ul. Dąbrowskiego 2", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2975, "lon": 18.9560, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": True, "sign_language": True,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 42,
    },
    {
        "org": "ops",
        "name": (
            "Nieodpłatna pomoc prawna i poradnictwo obywatelskie",
            "Безоплатна правова допомога та громадянські консультації",
            "Free legal aid and citizens' advice",
        ),
        "description": (
            "Adwokat lub radca prawny udzieli porady, pomoże napisać pismo (poza pismami w toczącej się sprawie "
            "sądowej) i wyjaśni, jak załatwić sprawę – także w sprawach pracy, ZUS, najmu, spadków i legalizacji "
            "pobytu. Przed poradą podpisujesz oświadczenie, że nie stać Cię na płatnego prawnika. Zapisy "
            "telefoniczne; porada trwa do godziny.",
            "Адвокат або юрисконсульт надасть консультацію, допоможе скласти документ (крім документів у судовій "
            "справі, що вже триває) і пояснить, як вирішити питання — зокрема щодо роботи, ZUS, оренди, спадщини "
            "та легалізації перебування. Перед консультацією ви підписуєте заяву, що не можете оплатити платного "
            "юриста. Запис телефоном; консультація триває до години.",
            "An advocate or legal adviser gives advice, helps draft a letter (except documents in ongoing court "
            "cases) and explains how to deal with your matter — including work, ZUS, tenancy, inheritance and "
            "residence permits. Before the advice you sign a statement that you cannot afford a paid lawyer. Book "
            "by phone; advice takes up to an hour.",
        ),
        "audience": (
            "Każda osoba dorosła, której nie stać na odpłatną pomoc prawnika.",
            "Кожна доросла людина, яка не може оплатити послуги юриста.",
            "Any adult who cannot afford to pay a lawyer.",
        ),
        "categories": ("legal.free-legal-aid",),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("families", "seniors", "refugees", "women", "men"),
        "languages": ("pl", "en"),
        "always_open": False,
        "hours": (
            (0, "12:00", "16:00"), (1, "15:00", "19:00"), (2, "08:00", "12:00"), (3, "15:00", "19:00"),
            (4, "08:00", "12:00"),
        ),
        "closed_on_holidays": True,
        "phones": (
            ("+48 32 555 17 40", ("Zapisy na porady", "Запис на консультації", "Booking"), False),
        ),
        "email": "pomocprawna@demo.example", "url": "https://ops.demo.example/pomoc-prawna",
        "location": {
            "name": "Ośrodek Pomocy Społecznej – punkt nieodpłatnej pomocy prawnej", "street": "ul. Dąbrowskiego 2",
            "postal_code": "41-500", "district": "centrum", "lat": 50.2975, "lon": 18.9560, "confidential": False,
            "intake": (
                "Parter, pokój 3. Osoby z trudnościami w poruszaniu się mogą umówić poradę przez telefon lub wideo.",
                "Перший поверх, кімната 3. Люди з труднощами пересування можуть домовитися про консультацію "
                "телефоном або відеозв'язком.",
                "Ground floor, room 3. People with limited mobility can arrange advice by phone or video.",
            ),
            "step_free": True, "accessible_toilet": True, "induction_loop": True, "sign_language": True,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 15,
    },
    {
        "org": "ops",
        "name": ("Dyżur psychologa", "Прийом психолога", "Psychologist's drop-in hours"),
        "description": (
            "Bezpłatna rozmowa z psychologiem dla mieszkańców w trudnej sytuacji: utrata pracy, choroba, "
            "samotność, konflikty w rodzinie, przemoc. W środy po południu można przyjść bez zapisu, w czwartki "
            "rano – po umówieniu. Psycholog pomoże też znaleźć dalszą terapię.",
            "Безкоштовна розмова з психологом для мешканців у складній ситуації: втрата роботи, хвороба, "
            "самотність, конфлікти в сім'ї, насильство. У середу після обіду можна прийти без запису, у четвер "
            "зранку — за попереднім записом. Психолог також допоможе знайти подальшу терапію.",
            "A free talk with a psychologist for residents going through a hard time: job loss, illness, "
            "loneliness, family conflict, violence. On Wednesday afternoons you can just drop in; on Thursday "
            "mornings by appointment. The psychologist can also help you find ongoing therapy.",
        ),
        "audience": None,
        "categories": ("mental-health.counselling",),
        "status": "active",
        "walk_in": True, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 16, "max_age": None,
        "target_groups": ("families", "seniors", "women", "men", "violence"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((2, "14:00", "18:00"), (3, "08:00", "12:00")),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 17 50", ("Zapisy na czwartek", "Запис на четвер", "Thursday booking"), False),),
        "email": "psycholog@demo.example", "url": None,
        "location": {
            "name": "Ośrodek Pomocy Społecznej", "street": "ul. Dąbrowskiego 2", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2975, "lon": 18.9560, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": True, "sign_language": True,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 38,
    },
    {
        "org": "ops",
        "name": ("Punkt informacyjny dla osób z Ukrainy", "Інформаційний пункт для людей з України",
                 "Information point for people from Ukraine"),
        "description": (
            "Pracownik mówiący po ukraińsku pomoże w sprawach numeru PESEL UKR, świadczeń rodzinnych (800+), "
            "zapisu dzieci do szkoły i przedszkola, rejestracji w urzędzie pracy i wniosków o pomoc z OPS. "
            "Wypełnimy z Tobą formularze i umówimy wizytę u prawnika lub psychologa. Zabierz paszport "
            "i dokumenty dzieci.",
            "Працівник, який розмовляє українською, допоможе з номером PESEL UKR, сімейними виплатами (800+), "
            "записом дітей до школи й садочка, реєстрацією в центрі зайнятості та заявами на допомогу від OPS. "
            "Разом із вами заповнимо формуляри й запишемо до юриста чи психолога. Візьміть паспорт і документи "
            "дітей.",
            "A Ukrainian-speaking worker helps with your PESEL UKR number, family benefits (800+), enrolling "
            "children in school and nursery, registering at the job centre and applying for welfare support. "
            "We fill in forms with you and book you in with a lawyer or psychologist. Bring your passport and "
            "your children's documents.",
        ),
        "audience": (
            "Osoby, które przyjechały z Ukrainy, i ich rodziny.",
            "Люди, які приїхали з України, та їхні родини.",
            "People who have come from Ukraine and their families.",
        ),
        "categories": ("legal.benefits", "work.career-advice"),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": None, "max_age": None,
        "target_groups": ("refugees", "families", "women", "children"),
        "languages": ("uk", "ru", "pl"),
        "always_open": False,
        "hours": ((0, "09:00", "15:00"), (1, "12:00", "18:00"), (3, "09:00", "15:00")),
        "closed_on_holidays": True,
        "phones": (
            ("+48 32 555 17 60", ("Punkt informacyjny (także Viber)", "Інформаційний пункт (також Viber)",
                                  "Information point (also Viber)"), False),
        ),
        "email": "ukraina@demo.example", "url": "https://ops.demo.example/ua",
        "location": {
            "name": "Ośrodek Pomocy Społecznej – punkt informacyjny", "street": "ul. Dąbrowskiego 2",
            "postal_code": "41-500", "district": "centrum", "lat": 50.2975, "lon": 18.9560, "confidential": False,
            "intake": (
                "Parter, pokój 5, oznaczony flagą Ukrainy.",
                "Перший поверх, кімната 5, позначена українським прапором.",
                "Ground floor, room 5, marked with a Ukrainian flag.",
            ),
            "step_free": True, "accessible_toilet": True, "induction_loop": True, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 10,
    },
    {
        "org": "ops",
        "name": (
            "Bezpłatne obiady dla dzieci w szkołach i przedszkolach",
            "Безкоштовні обіди для дітей у школах і садочках",
            "Free school and nursery lunches",
        ),
        "description": (
            "Dzieci z rodzin o niskich dochodach mogą codziennie jeść bezpłatny obiad w szkole lub przedszkolu "
            "w ramach programu „Posiłek w szkole i w domu”. Wniosek składa rodzic w OPS (z zaświadczeniami "
            "o dochodach) albo dyrektor szkoły, gdy dziecko przychodzi głodne – wtedy bez wywiadu. Decyzja "
            "obejmuje cały rok szkolny.",
            "Діти з малозабезпечених сімей можуть щодня безкоштовно обідати в школі чи садочку за програмою "
            "«Харчування в школі та вдома» (Posiłek w szkole i w domu). Заяву подають батьки в OPS (з довідками "
            "про доходи) або директор школи, якщо дитина приходить голодною, — тоді без оцінки умов проживання. "
            "Рішення діє на весь навчальний рік.",
            "Children from low-income families can have a free lunch every day at school or nursery under the "
            "'Meals at school and at home' programme. A parent applies at the Social Welfare Centre (with proof "
            "of income), or the head teacher can apply if a child comes to school hungry — then without a home "
            "assessment. The decision covers the whole school year.",
        ),
        "audience": (
            "Dzieci od 3 lat do końca szkoły ponadpodstawowej.",
            "Діти від 3 років до закінчення середньої школи.",
            "Children from age 3 until they finish secondary school.",
        ),
        "categories": ("food.meals",),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 3, "max_age": 19,
        "target_groups": ("children", "youth", "families", "refugees"),
        "languages": ("pl", "uk"),
        "always_open": False,
        "hours": (
            (0, "07:30", "17:00"), (1, "07:30", "15:30"), (2, "07:30", "15:30"), (3, "07:30", "15:30"),
            (4, "07:30", "15:30"),
        ),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 17 00", ("Sekretariat OPS", "Секретаріат OPS", "Reception"), False),),
        "email": "dozywianie@demo.example", "url": None,
        "location": {
            "name": "Ośrodek Pomocy Społecznej", "street": "ul. Dąbrowskiego 2", "postal_code": "41-500",
            "district": "centrum", "lat": 50.2975, "lon": 18.9560, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": True, "sign_language": True,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 53,
    },
    # --- Dom Pomocy Społecznej dla Osób Starszych ---------------------------------------------------------------
    {
        "org": "welfarehome",
        "name": ("Całodobowy pobyt w Domu Pomocy Społecznej", "Цілодобове перебування в будинку соціальної допомоги",
                 "Residential care home place"),
        "description": (
            "Całodobowa opieka, pielęgnacja, wyżywienie, rehabilitacja i zajęcia terapeutyczne dla osób starszych "
            "i przewlekle chorych, które nie mogą już mieszkać samodzielnie mimo usług opiekuńczych. O skierowanie "
            "wnioskuje się w OPS (wywiad, zaświadczenie lekarskie); na miejsce czeka się zwykle kilka miesięcy. "
            "Bliscy mogą odwiedzać mieszkańców codziennie.",
            "Цілодобовий догляд, харчування, реабілітація та терапевтичні заняття для літніх і хронічно хворих "
            "людей, які вже не можуть жити самостійно навіть із послугами догляду. Направлення оформлюють в OPS "
            "(оцінка умов, медична довідка); місця зазвичай чекають кілька місяців. Рідні можуть відвідувати "
            "мешканців щодня.",
            "Round-the-clock care, nursing, meals, rehabilitation and activities for older and chronically ill "
            "people who can no longer live on their own, even with home care. You apply for a place through the "
            "Social Welfare Centre (assessment, doctor's certificate); the wait is usually several months. Family "
            "can visit every day.",
        ),
        "audience": (
            "Osoby starsze i przewlekle chore wymagające całodobowej opieki.",
            "Літні та хронічно хворі люди, які потребують цілодобового догляду.",
            "Older and chronically ill people who need round-the-clock care.",
        ),
        "categories": ("seniors.residential", "health.nursing"),
        "status": "active",
        "walk_in": False, "by_appointment": False, "by_referral": True,
        "is_free": False,
        "fees": (
            "Mieszkaniec płaci 70% swojego dochodu (emerytury lub renty); resztę miesięcznego kosztu pobytu "
            "(ok. 6800 zł) pokrywa rodzina lub gmina, zależnie od ich dochodów.",
            "Мешканець сплачує 70% свого доходу (пенсії); решту щомісячної вартості перебування (близько "
            "6800 злотих) покривають родина або гміна залежно від їхніх доходів.",
            "Residents pay 70% of their income (pension); the rest of the monthly cost (about 6,800 zł) is covered "
            "by the family or the municipality, depending on their income.",
        ),
        "min_age": 60, "max_age": None,
        "target_groups": ("seniors", "disabilities"),
        "languages": ("pl", "de"),
        "always_open": True, "hours": (), "closed_on_holidays": False,
        "phones": (
            ("+48 32 555 18 00", ("Sekretariat (pn–pt 7:30–15:30)", "Секретаріат (пн–пт 7:30–15:30)",
                                  "Office (Mon–Fri 7:30am–3:30pm)"), False),
            ("+48 32 555 18 01", ("Pielęgniarka dyżurna", "Чергова медсестра", "Nurse on duty"), True),
        ),
        "email": "dps@demo.example", "url": "https://welfarehome.demo.example",
        "location": {
            "name": "Dom Pomocy Społecznej", "street": "ul. Parkowa 14", "postal_code": "41-501",
            "district": "park", "lat": 50.2868, "lon": 18.9932, "confidential": False,
            "intake": (
                "Odwiedziny codziennie 10–19; wejście główne od ul. Parkowej.",
                "Відвідування щодня 10–19; головний вхід із вулиці Паркової.",
                "Visiting daily 10am–7pm; main entrance on Parkowa Street.",
            ),
            "step_free": True, "accessible_toilet": True, "induction_loop": True, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 29,
    },
    {
        "org": "welfarehome",
        "name": ("Dzienny pobyt dla seniorów", None, None),
        "description": (
            "Od poniedziałku do piątku seniorzy spędzają dzień w DPS: śniadanie i obiad, gimnastyka, terapia "
            "zajęciowa, pogadanki o zdrowiu, opieka pielęgniarki. Osoby mające trudności z poruszaniem się "
            "dowozimy busem. Miejsce przyznaje OPS.",
            None,
            None,
        ),
        "audience": ("Seniorzy mieszkający samotnie lub pod nieobecność rodziny w ciągu dnia.", None, None),
        "categories": ("seniors.care-services", "seniors.activities"),
        "status": "active",
        "walk_in": False, "by_appointment": False, "by_referral": True,
        "is_free": False,
        "fees": (
            "Odpłatność według dochodu, od 0 do 25 zł dziennie; posiłki w cenie.",
            "Оплата залежно від доходу — від 0 до 25 злотих на день; харчування включено.",
            "Charged by income, from 0 to 25 zł a day; meals included.",
        ),
        "min_age": 60, "max_age": None,
        "target_groups": ("seniors", "disabilities"),
        "languages": ("pl", "de"),
        "always_open": False,
        "hours": (
            (0, "07:30", "15:30"), (1, "07:30", "15:30"), (2, "07:30", "15:30"), (3, "07:30", "15:30"),
            (4, "07:30", "15:30"),
        ),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 18 00", None, False),),
        "email": "dps@demo.example", "url": None,
        "location": {
            "name": "Dom Pomocy Społecznej – dzienny pobyt", "street": "ul. Parkowa 14", "postal_code": "41-501",
            "district": "park", "lat": 50.2868, "lon": 18.9932, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": True, "sign_language": False,
        },
        "districts": ("park", "centrum", "klimzowiec", "stary-chorzow"),
        "verified_days_ago": 75,
    },
    {
        "org": "welfarehome",
        "name": ("Klub Seniora – gimnastyka i pomiar ciśnienia", None, None),
        "description": (
            "Otwarte spotkania dla seniorów z okolicy: gimnastyka przy muzyce, pomiar ciśnienia i cukru przez "
            "pielęgniarkę, pogadanki o profilaktyce (np. „Depresja – stan duszy czy choroba”) i kawa. "
            "Nie trzeba się zapisywać.",
            None,
            None,
        ),
        "audience": ("Seniorzy, także z innych dzielnic.", None, None),
        "categories": ("seniors.activities", "health.prevention"),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 60, "max_age": None,
        "target_groups": ("seniors",),
        "languages": ("pl", "de"),
        "always_open": False,
        "hours": ((2, "10:00", "12:00"), (4, "10:00", "12:00")),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 18 00", None, False),),
        "email": None, "url": None,
        "location": {
            "name": "Dom Pomocy Społecznej – sala klubowa", "street": "ul. Parkowa 14", "postal_code": "41-501",
            "district": "park", "lat": 50.2868, "lon": 18.9932, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": True, "sign_language": False,
        },
        "districts": ("park", "centrum", "klimzowiec"),
        "verified_days_ago": 101,
    },
    # --- Towarzystwo Pomocy im. św. Brata Alberta ---------------------------------------------------------------
    {
        "org": "shelter",
        "name": ("Noclegownia dla mężczyzn", "Нічліжка для чоловіків", "Night shelter for men"),
        "description": (
            "Nocleg, prysznic, ciepła herbata i kanapka dla mężczyzn w kryzysie bezdomności. Przyjmujemy przez "
            "całą dobę, bez skierowania; osoby nietrzeźwe mogą spędzić noc w ogrzewalni obok. Prosimy "
            "o dokument tożsamości, ale jego brak nie jest powodem odmowy; rano pracownik socjalny pomoże "
            "zaplanować kolejne kroki.",
            "Ночівля, душ, гарячий чай і бутерброд для чоловіків у кризі бездомності. Приймаємо цілодобово, "
            "без направлення; люди в стані сп'яніння можуть переночувати в сусідньому пункті обігріву. Просимо "
            "документ, що посвідчує особу, але без нього теж не відмовимо; зранку соціальний працівник допоможе "
            "спланувати подальші кроки.",
            "A bed, a shower, hot tea and a sandwich for men experiencing homelessness. We admit people around "
            "the clock with no referral; anyone who is drunk can spend the night in the warming room next door. "
            "Please bring ID, but we will not turn you away without it; in the morning a social worker helps you "
            "plan the next steps.",
        ),
        "audience": (
            "Dorośli mężczyźni bez miejsca do spania.",
            "Дорослі чоловіки, яким ніде ночувати.",
            "Adult men with nowhere to sleep.",
        ),
        "categories": ("shelter.night-shelter",),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("men", "homelessness", "addictions"),
        "languages": ("pl", "uk", "ru"),
        "always_open": True, "hours": (), "closed_on_holidays": False,
        "phones": (
            ("+48 32 555 19 00", ("Dyżurny noclegowni", "Черговий нічліжки",
                                  "Night shelter duty worker"), True),
        ),
        "email": "noclegownia@demo.example", "url": "https://shelter.demo.example",
        "contact": {
            "name": "Marek Zieliński",
            "title": (
                "kierownik noclegowni",
                "керівник нічліжки",
                "night shelter manager",
            ),
            "email": "m.zielinski@demo.example", "phone": "+48 32 555 80 05",
        },
        "location": {
            "name": "Noclegownia Brata Alberta", "street": "ul. Przemysłowa 40", "postal_code": "41-515",
            "district": "batory", "lat": 50.2748, "lon": 18.9160, "confidential": False,
            "intake": (
                "Wejście od bramy, dzwonek przy furtce – dyżurny otwiera także w nocy.",
                "Вхід через браму, дзвінок біля хвіртки — черговий відчиняє і вночі.",
                "Enter through the gate and ring the bell — the duty worker opens at night too.",
            ),
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 7,
    },
    {
        "org": "shelter",
        "name": ("Schronisko dla osób bezdomnych", "Притулок для бездомних людей", "Homeless shelter"),
        "description": (
            "Dłuższy pobyt – zwykle kilka miesięcy – z wyżywieniem, pomocą w wyrobieniu dokumentów, leczeniu "
            "i szukaniu pracy, w oparciu o indywidualny program wychodzenia z bezdomności. Miejsce przyznaje "
            "decyzją Ośrodek Pomocy Społecznej; zanim decyzja zapadnie, można nocować w noclegowni. "
            "Obowiązuje abstynencja.",
            "Довше перебування — зазвичай кілька місяців — із харчуванням, допомогою в оформленні документів, "
            "лікуванні та пошуку роботи за індивідуальною програмою виходу з бездомності. Місце надає своїм "
            "рішенням Центр соціальної допомоги (OPS); поки рішення не ухвалено, можна ночувати в нічліжці. "
            "Вживати алкоголь заборонено.",
            "A longer stay — usually several months — with meals and help getting documents, treatment and work, "
            "based on an individual plan for leaving homelessness. The Social Welfare Centre grants places by "
            "decision; until it does, you can stay at the night shelter. Residents must stay sober.",
        ),
        "audience": (
            "Dorośli w kryzysie bezdomności – osobne części dla kobiet i mężczyzn.",
            "Дорослі в кризі бездомності — окремі частини для жінок і чоловіків.",
            "Adults experiencing homelessness — separate sections for women and men.",
        ),
        "categories": ("shelter.homeless-shelter",),
        "status": "active",
        "walk_in": False, "by_appointment": False, "by_referral": True,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("men", "women", "homelessness"),
        "languages": ("pl", "ru"),
        "always_open": True, "hours": (), "closed_on_holidays": False,
        "phones": (
            ("+48 32 555 19 00", ("Dyżurny", "Черговий", "Duty worker"), True),
            (
                "+48 32 555 19 10",
                (
                    "Pracownik socjalny schroniska (pn–pt 8–16)",
                    "Соціальний працівник притулку (пн–пт 8–16)",
                    "Shelter social worker (Mon–Fri 8am–4pm)",
                ),
                False,
            ),
        ),
        "email": "schronisko@demo.example", "url": "https://shelter.demo.example",
        "location": {
            "name": "Schronisko Brata Alberta", "street": "ul. Przemysłowa 40", "postal_code": "41-515",
            "district": "batory", "lat": 50.2748, "lon": 18.9160, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 22,
    },
    {
        "org": "shelter",
        "name": ("Ogrzewalnia (od listopada do marca)", "Пункт обігріву (з листопада до березня)",
                 "Warming room (November to March)"),
        "description": (
            "W sezonie zimowym ciepłe pomieszczenie z miejscami siedzącymi, gorącą zupą i herbatą, czynne całą "
            "dobę. Przyjmujemy każdego, także osoby nietrzeźwe, bez dokumentów i skierowania. Jeśli widzisz osobę "
            "marznącą na ulicy, zadzwoń pod numer dyżurny lub na 112.",
            "У зимовий сезон — тепле приміщення з місцями для сидіння, гарячим супом і чаєм, відчинене цілодобово. "
            "Приймаємо всіх, зокрема людей у стані сп'яніння, без документів і направлення. Якщо бачите людину, "
            "яка мерзне на вулиці, зателефонуйте на черговий номер або 112.",
            "In winter, a warm room with seating, hot soup and tea, open around the clock. Everyone is welcome, "
            "including people who have been drinking, with no documents or referral. If you see someone freezing "
            "outside, call the duty number or 112.",
        ),
        "audience": (
            "Każdy, kto marznie i nie ma się gdzie ogrzać.",
            "Кожен, хто мерзне й не має де зігрітися.",
            "Anyone who is cold and has nowhere to warm up.",
        ),
        "categories": ("shelter.night-shelter", "food.meals"),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("homelessness", "men", "women", "addictions"),
        "languages": ("pl", "uk", "ru"),
        "always_open": True, "hours": (), "closed_on_holidays": False,
        "phones": (
            ("+48 32 555 19 20", ("Ogrzewalnia (całą dobę w sezonie)", "Пункт обігріву (цілодобово в сезон)",
                                  "Warming room (24 hours in season)"), True),
        ),
        "email": None, "url": None,
        "location": {
            "name": "Ogrzewalnia Brata Alberta", "street": "ul. Przemysłowa 40a", "postal_code": "41-515",
            "district": "batory", "lat": 50.2745, "lon": 18.9166, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 5,
    },
    {
        "org": "shelter",
        "name": ("Łaźnia i pralnia", "Лазня та пральня", "Showers and laundry"),
        "description": (
            "Osoby w kryzysie bezdomności mogą wziąć prysznic, wyprać i wysuszyć ubrania oraz dostać środki "
            "higieniczne i czystą bieliznę. Wizyta trwa około godziny; ręcznik i mydło zapewniamy. Bez skierowania "
            "i bez opłat.",
            "Люди в кризі бездомності можуть прийняти душ, випрати й висушити одяг, отримати засоби гігієни "
            "та чисту білизну. Візит триває близько години; рушник і мило надаємо. Без направлення й безкоштовно.",
            "People experiencing homelessness can take a shower, wash and dry their clothes, and get toiletries and "
            "clean underwear. A visit takes about an hour; towels and soap are provided. No referral, no charge.",
        ),
        "audience": None,
        "categories": ("health.hygiene", "food.material-aid"),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("homelessness", "men", "women"),
        "languages": ("pl",),
        "always_open": False,
        "hours": (
            (0, "09:00", "13:00"), (1, "09:00", "13:00"), (2, "09:00", "13:00"), (3, "09:00", "13:00"),
            (4, "09:00", "13:00"), (5, "09:00", "11:00"),
        ),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 19 10", None, False),),
        "email": None, "url": None,
        "location": {
            "name": "Łaźnia Brata Alberta", "street": "ul. Przemysłowa 40", "postal_code": "41-515",
            "district": "batory", "lat": 50.2748, "lon": 18.9160, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 31,
    },
    {
        "org": "shelter",
        "name": ("Punkt pielęgniarski dla osób bezdomnych", "Медсестринський пункт для бездомних людей",
                 "Nurse's clinic for people experiencing homelessness"),
        "description": (
            "Pielęgniarka zmienia opatrunki, opatruje odmrożenia i rany, mierzy ciśnienie, pomaga wykupić leki "
            "i umówić wizytę u lekarza – także osobom bez ubezpieczenia, z którymi składamy wniosek o decyzję "
            "uprawniającą do bezpłatnego leczenia. Bez zapisów.",
            "Медсестра змінює пов'язки, обробляє обмороження й рани, міряє тиск, допомагає придбати ліки "
            "та записатися до лікаря — також людям без медичного страхування, з якими ми подаємо заяву на рішення "
            "про право на безкоштовне лікування. Без запису.",
            "A nurse changes dressings, treats frostbite and wounds, checks blood pressure, and helps you get "
            "medicines and see a doctor — including people without health insurance, with whom we apply for "
            "a decision granting free treatment. No appointment needed.",
        ),
        "audience": None,
        "categories": ("health.nursing",),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("homelessness", "men", "women"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((1, "10:00", "13:00"), (3, "10:00", "13:00")),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 19 10", None, False),),
        "email": None, "url": None,
        "location": {
            "name": "Schronisko Brata Alberta – gabinet pielęgniarski", "street": "ul. Przemysłowa 40",
            "postal_code": "41-515", "district": "batory", "lat": 50.2748, "lon": 18.9160, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 84,
    },
    # --- Stowarzyszenie na Rzecz Przeciwdziałania Wykluczeniu Społecznemu ----------------------------------------
    {
        "org": "inclusion",
        "name": ("Klub Integracji Społecznej", None, None),
        "description": (
            "Kilkumiesięczny program dla osób długotrwale bezrobotnych: warsztaty umiejętności społecznych, "
            "spotkania z doradcą zawodowym, trening pracy w grupie i prace społecznie użyteczne, a na koniec pomoc "
            "w znalezieniu zatrudnienia. Uczestnicy podpisują kontrakt socjalny z OPS; można zgłosić się samemu "
            "lub przez pracownika socjalnego.",
            None,
            None,
        ),
        "audience": ("Osoby długotrwale bezrobotne, także po terapii uzależnień lub po wyjściu z bezdomności.",
                     None, None),
        "categories": ("work.social-integration", "work.career-advice"),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": True,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("men", "women", "addictions", "homelessness"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((0, "09:00", "14:00"), (1, "09:00", "14:00"), (2, "09:00", "14:00"), (3, "09:00", "14:00")),
        "closed_on_holidays": True,
        "phones": (("+48 32 555 20 00", ("Koordynatorka KIS", None, None), False),),
        "email": "kis@demo.example", "url": "https://inclusion.demo.example/kis",
        "contact": {
            "name": "Joanna Lis",
            "title": (
                "koordynatorka Klubu Integracji Społecznej",
                None,
                None,
            ),
            "email": "j.lis@demo.example", "phone": None,
        },
        "location": {
            "name": "Klub Integracji Społecznej", "street": "ul. Legnicka 9", "postal_code": "41-506",
            "district": "stary-chorzow", "lat": 50.3120, "lon": 18.9840, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 48,
    },
    {
        "org": "inclusion",
        "name": (
            "Warsztaty dla rodziców „Być dobrym rodzicem”",
            "Заняття для батьків «Бути добрими батьками»",
            "“Being a Good Parent” workshops",
        ),
        "description": (
            "Dziesięć cotygodniowych spotkań grupowych z psychologiem: jak stawiać granice bez krzyku, "
            "konsekwencja w wychowaniu, jak rozmawiać z nastolatkiem, „Konflikt – jak kłócić się fair”. "
            "W czasie zajęć zapewniamy opiekę dla młodszych dzieci. Zapisy telefoniczne; nowe grupy ruszają "
            "we wrześniu i w lutym.",
            "Десять щотижневих групових зустрічей із психологом: як встановлювати межі без крику, послідовність "
            "у вихованні, як розмовляти з підлітком, «Конфлікт — як сваритися чесно». Під час занять доглядаємо "
            "за молодшими дітьми. Запис телефоном; нові групи стартують у вересні та лютому.",
            "Ten weekly group sessions with a psychologist: setting limits without shouting, consistency in "
            "parenting, talking with teenagers, and “Conflict – how to argue fairly”. Childcare is provided for "
            "younger children during sessions. Book by phone; new groups start in September and February.",
        ),
        "audience": (
            "Rodzice i opiekunowie dzieci w każdym wieku.",
            "Батьки й опікуни дітей будь-якого віку.",
            "Parents and carers of children of any age.",
        ),
        "categories": ("family.parenting-support", "mental-health.support-groups"),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("families", "women", "men", "refugees"),
        "languages": ("pl", "uk"),
        "always_open": False,
        "hours": ((1, "17:00", "19:00"),),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 20 10", ("Zapisy", "Запис", "Booking"), False),),
        "email": "rodzice@demo.example", "url": "https://inclusion.demo.example/rodzice",
        "location": {
            "name": "Stowarzyszenie SPWS – sala warsztatowa", "street": "ul. Legnicka 9", "postal_code": "41-506",
            "district": "stary-chorzow", "lat": 50.3120, "lon": 18.9840, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 35,
    },
    {
        "org": "inclusion",
        "name": ("Centrum Wolontariatu", None, None),
        "description": (
            "Łączymy wolontariuszy z miejscami, które ich potrzebują: świetlice, jadłodajnia, DPS, zbiórki "
            "żywności, spotkania świąteczne dla osób samotnych. Po rozmowie wprowadzającej podpisujemy "
            "porozumienie wolontariackie; osoby poniżej 18 lat potrzebują zgody rodzica. Wolontariat może być "
            "też pierwszym krokiem do pracy.",
            None,
            None,
        ),
        "audience": ("Każdy od 13 lat, kto chce pomagać.", None, None),
        "categories": ("work.volunteering",),
        "status": "active",
        "walk_in": True, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 13, "max_age": None,
        "target_groups": ("youth", "seniors", "women", "men"),
        "languages": ("pl", "en"),
        "always_open": False,
        "hours": ((0, "12:00", "17:00"), (2, "12:00", "17:00")),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 20 00", None, False),),
        "email": "wolontariat@demo.example", "url": "https://inclusion.demo.example/wolontariat",
        "location": {
            "name": "Centrum Wolontariatu", "street": "ul. Legnicka 9", "postal_code": "41-506",
            "district": "stary-chorzow", "lat": 50.3120, "lon": 18.9840, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 40,
    },
    {
        "org": "inclusion",
        "name": ("Kurs obsługi komputera i internetu dla dorosłych", None, None),
        "description": (
            "Osiem spotkań w małych grupach: poczta e-mail, profil zaufany, bankowość internetowa, szukanie ofert "
            "pracy, bezpieczeństwo w sieci. Kurs kończy się zaświadczeniem. Na zajęciach są komputery; "
            "można przynieść własny laptop lub telefon.",
            None,
            None,
        ),
        "audience": ("Dorośli i seniorzy, którzy zaczynają przygodę z komputerem.", None, None),
        "categories": ("work.career-advice", "seniors.activities"),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": False,
        "is_free": False,
        "fees": (
            "80 zł za cały kurs (8 spotkań); bezpłatnie dla uczestników Klubu Integracji Społecznej i osób "
            "ze skierowaniem z OPS.",
            "80 злотих за весь курс (8 зустрічей); безкоштовно для учасників Клубу соціальної інтеграції та людей "
            "із направленням від OPS.",
            "80 zł for the whole course (8 sessions); free for Social Integration Club members and people referred "
            "by the Social Welfare Centre.",
        ),
        "min_age": 18, "max_age": None,
        "target_groups": ("seniors", "women", "men"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((3, "16:00", "18:00"),),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 20 10", ("Zapisy", None, None), False),),
        "email": "kursy@demo.example", "url": None,
        "location": {
            "name": "Stowarzyszenie SPWS – pracownia komputerowa", "street": "ul. Legnicka 9", "postal_code": "41-506",
            "district": "stary-chorzow", "lat": 50.3120, "lon": 18.9840, "confidential": False,
            "intake": None,
            "step_free": True, "accessible_toilet": True, "induction_loop": False, "sign_language": False,
        },
        "districts": ("stary-chorzow", "klimzowiec", "chorzow-ii", "maciejkowice"),
        "verified_days_ago": 252,
    },
    # --- Grupa wsparcia „Promyk nadziei” ------------------------------------------------------------------------
    {
        "org": "selfhelp",
        "name": (
            "Grupa wsparcia „Promyk nadziei” dla osób doznających przemocy",
            "Група підтримки «Промінчик надії» для людей, які зазнають насильства",
            "“Ray of Hope” support group for people experiencing violence",
        ),
        "description": (
            "Cotygodniowe spotkania w małej grupie, prowadzone przez psycholożkę i osobę, która sama wyszła "
            "z przemocy. Można mówić albo tylko słuchać; obowiązuje pełna dyskrecja. Przed pierwszym spotkaniem "
            "prosimy o krótką rozmowę telefoniczną.",
            "Щотижневі зустрічі в невеликій групі, які ведуть психологиня та людина, що сама вийшла з насильства. "
            "Можна говорити або лише слухати; усе, що прозвучить, залишається між учасниками. Перед першою "
            "зустріччю просимо коротко поговорити телефоном.",
            "Weekly meetings in a small group led by a psychologist and someone who has left an abusive "
            "relationship herself. You can talk or just listen; everything stays confidential. Please have a short "
            "phone call with us before your first meeting.",
        ),
        "audience": (
            "Dorośli doznający przemocy teraz lub w przeszłości.",
            "Дорослі, які зазнають або зазнавали насильства.",
            "Adults experiencing violence now or in the past.",
        ),
        "categories": ("mental-health.support-groups", "crisis.domestic-violence"),
        "status": "active",
        "walk_in": False, "by_appointment": True, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("women", "men", "violence"),
        "languages": ("pl", "uk"),
        "always_open": False,
        "hours": ((2, "17:00", "19:00"),),
        "closed_on_holidays": False,
        "phones": (
            ("+48 32 555 21 00", ("Telefon grupy (pn i czw 18–20)", "Телефон групи (пн і чт 18–20)",
                                  "Group phone (Mon and Thu 6–8pm)"), False),
        ),
        "email": "promyk.nadziei@demo.example", "url": None,
        "location": {
            "name": "Miejsce spotkań grupy (adres poufny)", "street": None, "postal_code": "41-500",
            "district": "centrum", "lat": 50.2970, "lon": 18.9545, "confidential": True,
            "intake": (
                "Miejsce spotkań podajemy osobiście po rozmowie telefonicznej (pn i czw 18–20) albo przez recepcję "
                "Ośrodka Interwencji Kryzysowej.",
                "Місце зустрічей повідомляємо особисто після телефонної розмови (пн і чт 18–20) або через рецепцію "
                "Центру кризового втручання.",
                "We give you the meeting place in person after a phone call (Mon and Thu 6–8pm) or through the "
                "Crisis Intervention Centre's reception.",
            ),
            "step_free": True, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 60,
    },
    {
        "org": "selfhelp",
        "name": (
            "Dyżur telefoniczny grupy „Promyk nadziei”",
            "Телефонне чергування групи «Промінчик надії»",
            "“Ray of Hope” group phone line",
        ),
        "description": (
            "Dwa razy w tygodniu wieczorem członkinie grupy odbierają telefon: wysłuchają, opowiedzą, jak wygląda "
            "spotkanie grupy, i pomogą umówić się na pierwsze. Można zadzwonić anonimowo.",
            "Двічі на тиждень увечері учасниці групи відповідають на дзвінки: вислухають, розкажуть, як проходять "
            "зустрічі групи, і допоможуть домовитися про першу. Можна телефонувати анонімно.",
            "Twice a week in the evening, group members answer the phone: they listen, explain what a group "
            "meeting is like and help you arrange your first one. You can call anonymously.",
        ),
        "audience": None,
        "categories": ("crisis.hotline", "mental-health.support-groups"),
        "status": "active",
        "walk_in": False, "by_appointment": False, "by_referral": False,
        "is_free": True, "fees": None,
        "min_age": 18, "max_age": None,
        "target_groups": ("women", "men", "violence"),
        "languages": ("pl",),
        "always_open": False,
        "hours": ((0, "18:00", "20:00"), (3, "18:00", "20:00")),
        "closed_on_holidays": False,
        "phones": (("+48 32 555 21 00", ("Telefon grupy", "Телефон групи", "Group phone"), False),),
        "email": "promyk.nadziei@demo.example", "url": None,
        "location": {
            "name": "Dyżur telefoniczny (adres poufny)", "street": None, "postal_code": "41-500",
            "district": "centrum", "lat": 50.2970, "lon": 18.9545, "confidential": True,
            "intake": (
                "To wsparcie telefoniczne – nie trzeba nigdzie przychodzić. Miejsce spotkań grupy podajemy "
                "w rozmowie.",
                "Це телефонна підтримка — нікуди приходити не треба. Місце зустрічей групи повідомимо під час "
                "розмови.",
                "This is phone support — there is nowhere you need to go. We tell you where the group meets "
                "during the call.",
            ),
            "step_free": False, "accessible_toilet": False, "induction_loop": False, "sign_language": False,
        },
        "districts": (
            "centrum", "klimzowiec", "chorzow-ii", "stary-chorzow", "maciejkowice", "nowe-hajduki", "batory", "park",
        ),
        "verified_days_ago": 196,
    },
)
