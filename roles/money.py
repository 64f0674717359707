"""Pay figures as people read them. Plain Python: no Django."""

from decimal import Decimal

CURRENCY_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "CAD": "CA$", "AUD": "A$"}
PERIOD_WORDS = {"hour": "per hour", "month": "per month", "year": "per year"}
WEEKS_PER_YEAR = 52
STANDARD_HOURS_PER_WEEK = 40


def format_amount(value: Decimal | None) -> str:
    """1234.50 -> '1,234.50'; 45000.00 -> '45,000'."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral():
        return f"{value.quantize(Decimal(1)):,}"
    return f"{value:,.2f}"


def pay_range_label(currency: str, minimum, maximum, period: str) -> str:
    if minimum is None or maximum is None or not currency:
        return ""
    symbol = CURRENCY_SYMBOLS.get(currency)
    low, high = format_amount(minimum), format_amount(maximum)
    amounts = f"{symbol}{low} – {symbol}{high}" if symbol else f"{low} – {high} {currency}"
    return f"{amounts} {PERIOD_WORDS[period]}"


def annual_amount(amount: Decimal, period: str, hours_per_week: int | None) -> Decimal:
    """A pay figure as a yearly amount, so roles paid by the hour compare with salaried ones."""
    if period == "hour":
        return amount * (hours_per_week or STANDARD_HOURS_PER_WEEK) * WEEKS_PER_YEAR
    if period == "month":
        return amount * 12
    return amount
