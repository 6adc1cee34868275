"""Command line of the counter client (`counter-app`)."""
