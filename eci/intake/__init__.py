"""The mail intake: regions submit by replying to the tracker\x27s mail."""
