"""Date and number formats for the client languages Django has no locale for (FORMAT_MODULE_PATH).

Dates are numeric (day/month/year, as in Eritrea and Somalia): Django has no month names in
Tigrinya or Somali, and a month name in English would be the one English word on the page.
"""
