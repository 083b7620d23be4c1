"""Every label and message of the app, in English and French, one module per area."""
