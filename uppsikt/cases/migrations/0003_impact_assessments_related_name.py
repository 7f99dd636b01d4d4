"""A proposal's impact assessments are `proposal.impact_assessments` (no change in the database)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_case_and_record_version"),
    ]

    operations = [
        migrations.AlterField(
            model_name="impactassessment",
            name="proposal",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="impact_assessments",
                to="cases.decisionproposal",
            ),
        ),
    ]
