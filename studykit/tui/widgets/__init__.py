"""Widgets of the quiz. Card text is data: every widget renders it as `Text`, never markup."""
