"""The follow-up's test region (a body, units, a plan, an open period) serves the documents' tests
too."""

from uppsikt.followup.tests.conftest import Region, region

__all__ = ["Region", "region"]
