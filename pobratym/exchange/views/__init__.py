"""Exchange pages: browse, read, publish, edit, withdraw or close. Each write is a form, one
service call, then a redirect; refusals and invalid input come back from the service.

`browsing` lists and shows records, `needs` and `offers` are the pages that write them, on the
form machinery they share in `records`."""
