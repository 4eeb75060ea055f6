"""The official slips of the one-stop-shop as PDFs (forms of Circular 01/2018 and 03/2025).

``slips`` holds the plain data of each form, ``rendering.render_slip`` turns one into PDF bytes,
``numbering`` and ``services.next_number`` give the numbers printed on them. This app reads no
dossier: the dossier engine builds the slip data and stores the bytes it gets back.
"""
