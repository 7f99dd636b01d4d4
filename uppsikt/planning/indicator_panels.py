"""Other apps' parts of an indicator's page in a plan.

Planning does not know what else is shown about an indicator; an app that has something (the
comparison with other regions in Kolada) registers a provider from its ``AppConfig.ready``. A
provider takes the request, the plan and the indicator and returns safe HTML placed on the
page after the indicator's targets, or None when it has nothing for the indicator.
"""

from __future__ import annotations

from collections.abc import Callable

IndicatorPanel = Callable[..., str | None]
_providers: list[IndicatorPanel] = []


def register_indicator_panel(provider: IndicatorPanel) -> None:
    if provider not in _providers:
        _providers.append(provider)


def indicator_panels(request, *, plan, indicator) -> list[str]:
    parts = (provider(request, plan=plan, indicator=indicator) for provider in _providers)
    return [part for part in parts if part]
