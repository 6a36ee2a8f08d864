"""The languages people of the directory's organisations write and speak."""

# The official languages of the directory's countries, and Ukrainian and Russian (which many
# Ukrainian officials still write in). ISO 639-1; "no" for Norwegian.
DIRECTORY_LANGUAGES: tuple[str, ...] = (
    "uk", "en", "de", "fr", "pl", "lt", "lv", "et", "no", "sv", "da", "fi", "is", "nl", "it",
    "es", "pt", "ro", "bg", "cs", "sk", "sl", "hr", "sr", "bs", "mk", "sq", "el", "hu", "mt",
    "ga", "lb", "tr", "ka", "hy", "az", "ru",
)  # fmt: skip
