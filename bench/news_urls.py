"""News views the benchmark measures when --news is given."""

NEWS_URLS = [
    "/",
    "/news/",
    "/news/?year=2020",
    "/news/?page=250",
    "/news/process/igf/",
    "/news/process/igf/?page=100",
    "/news/feed/",
    "/news/feed/atom/",
    "/news/process/igf/feed/",
    "/key-dates/",
    "/key-dates.ics",
]
