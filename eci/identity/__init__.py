"""Who is acting: the authenticated OS user, the roles the store says they hold, and their signing key."""
