"""vanthu: Vietnamese official documents (Decree 30/2020) from one campaign YAML file.

The core (everything here except :mod:`app.web` and :mod:`app.cli`) is a plain library:
:mod:`app.campaign` (the model), :mod:`app.loader` (YAML in and out), :mod:`app.vnformat`
(Vietnamese formatting), :mod:`app.dispatch` (the công văn), :mod:`app.pdf` (LibreOffice).
"""

__version__ = "0.1.0"
