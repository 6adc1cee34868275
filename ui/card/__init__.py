"""The dossier card: what a scan opens, with the actions allowed from the dossier's status."""
