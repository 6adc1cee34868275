"""The local store: the only owner of the engine and of every connection to the profile's database."""
