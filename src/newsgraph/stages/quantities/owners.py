"""Demonyms to country names, so that "Russian troops" belong to Russia; no spaCy."""

from __future__ import annotations

DEMONYM_COUNTRIES: dict[str, str] = {
    "afghan": "Afghanistan", "albanian": "Albania", "algerian": "Algeria", "american": "United States",
    "argentine": "Argentina", "argentinian": "Argentina", "armenian": "Armenia", "australian": "Australia",
    "austrian": "Austria", "azerbaijani": "Azerbaijan", "azeri": "Azerbaijan", "bahraini": "Bahrain",
    "bangladeshi": "Bangladesh", "belarusian": "Belarus", "belarussian": "Belarus", "belgian": "Belgium",
    "bolivian": "Bolivia", "bosnian": "Bosnia", "brazilian": "Brazil", "british": "Britain",
    "bulgarian": "Bulgaria", "burmese": "Myanmar", "cambodian": "Cambodia", "canadian": "Canada",
    "chilean": "Chile", "chinese": "China", "colombian": "Colombia", "congolese": "Congo",
    "croatian": "Croatia", "cuban": "Cuba", "cypriot": "Cyprus", "czech": "Czech Republic",
    "danish": "Denmark", "dutch": "Netherlands", "ecuadorian": "Ecuador", "egyptian": "Egypt",
    "emirati": "United Arab Emirates", "eritrean": "Eritrea", "estonian": "Estonia", "ethiopian": "Ethiopia",
    "filipino": "Philippines", "finnish": "Finland", "french": "France", "georgian": "Georgia",
    "german": "Germany", "ghanaian": "Ghana", "greek": "Greece", "hungarian": "Hungary",
    "icelandic": "Iceland", "indian": "India", "indonesian": "Indonesia", "iranian": "Iran", "iraqi": "Iraq",
    "irish": "Ireland", "israeli": "Israel", "italian": "Italy", "japanese": "Japan", "jordanian": "Jordan",
    "kazakh": "Kazakhstan", "kenyan": "Kenya", "korean": "Korea", "kuwaiti": "Kuwait", "kyrgyz": "Kyrgyzstan",
    "latvian": "Latvia", "lebanese": "Lebanon", "libyan": "Libya", "lithuanian": "Lithuania",
    "malaysian": "Malaysia", "malian": "Mali", "mexican": "Mexico", "moldovan": "Moldova",
    "mongolian": "Mongolia", "moroccan": "Morocco", "nepalese": "Nepal", "nigerian": "Nigeria",
    "nigerien": "Niger", "norwegian": "Norway", "omani": "Oman", "pakistani": "Pakistan",
    "palestinian": "Palestine", "peruvian": "Peru", "polish": "Poland", "portuguese": "Portugal",
    "qatari": "Qatar", "romanian": "Romania", "russian": "Russia", "rwandan": "Rwanda",
    "saudi": "Saudi Arabia",
    "serbian": "Serbia", "singaporean": "Singapore", "slovak": "Slovakia", "slovenian": "Slovenia",
    "somali": "Somalia", "south african": "South Africa", "south korean": "South Korea",
    "north korean": "North Korea", "soviet": "Soviet Union", "spanish": "Spain", "sri lankan": "Sri Lanka",
    "sudanese": "Sudan", "swedish": "Sweden", "swiss": "Switzerland", "syrian": "Syria",
    "taiwanese": "Taiwan", "tajik": "Tajikistan", "thai": "Thailand", "tunisian": "Tunisia",
    "turkish": "Turkey", "turkmen": "Turkmenistan", "ugandan": "Uganda", "ukrainian": "Ukraine",
    "uzbek": "Uzbekistan", "venezuelan": "Venezuela", "vietnamese": "Vietnam", "yemeni": "Yemen",
    "zambian": "Zambia", "zimbabwean": "Zimbabwe", "u.s.": "United States", "us": "United States",
    "u.k.": "Britain", "uk": "Britain", "english": "England", "scottish": "Scotland", "welsh": "Wales",
}


def country_of_demonym(name: str) -> str | None:
    """"Russian" -> "Russia", "Russians" -> "Russia"; None when not a known demonym."""
    low = name.strip().lower()
    if low in DEMONYM_COUNTRIES:
        return DEMONYM_COUNTRIES[low]
    if low.endswith("s") and low[:-1] in DEMONYM_COUNTRIES:
        return DEMONYM_COUNTRIES[low[:-1]]
    return None
