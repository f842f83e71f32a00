"""The demonstration: a plausible history of the plan, sample answers, documents and contacts.

Above the domain (it uses the plan's rules and events to tell its story) and below the application,
which loads it into a store and a running stack (`eci demo`).
"""
