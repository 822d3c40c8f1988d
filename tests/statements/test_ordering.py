"""Signatories appear in the coalition's own alphabetical order."""

from django.test import TestCase

from launch.statement import founding_signatories
from statements.models import Signatory
from statements.sorting import sort_key
from tests.factories import SignatoryFactory


class SortKeyTests(TestCase):
    def test_leading_punctuation_is_ignored(self):
        self.assertEqual(sort_key(".PT"), "pt")
        self.assertEqual(sort_key("“Quoted” Registry"), "quoted” registry")

    def test_case_and_accents_are_ignored(self):
        self.assertEqual(sort_key("Éire Registry"), sort_key("eire registry"))
        self.assertEqual(
            sort_key("au Domain Administration"), "au domain administration"
        )

    def test_library_orders_by_the_sort_key(self):
        for name in [
            "Tucows, Inc.",
            ".PT",
            "au Domain Administration Ltd (auDA)",
            "Nominet UK",
            "Éclat Registry",
            "APNIC",
        ]:
            SignatoryFactory(name=name)
        self.assertEqual(
            list(Signatory.objects.values_list("name", flat=True)),
            [
                "APNIC",
                "au Domain Administration Ltd (auDA)",
                "Éclat Registry",
                "Nominet UK",
                ".PT",
                "Tucows, Inc.",
            ],
        )

    def test_sort_name_override_wins(self):
        SignatoryFactory(name="Zeta Registry", sort_name="Alpha")
        SignatoryFactory(name="Beta Registry")
        self.assertEqual(
            list(Signatory.objects.values_list("name", flat=True)),
            ["Zeta Registry", "Beta Registry"],
        )

    def test_reproduces_the_order_of_the_coalitions_own_list(self):
        seed_order = [row["name"] for row in founding_signatories()]
        for name in reversed(seed_order):
            SignatoryFactory(name=name)
        self.assertEqual(
            list(Signatory.objects.values_list("name", flat=True)), seed_order
        )
