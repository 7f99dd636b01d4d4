"""A plan's assignment (uppdrag i verksamhetsplanen) is a PlanAssignment: an assignment given by
a decision is meetings' DecisionAssignment. The table and its rows are kept; audit rows written
before keep their former object type and are read under the new one (core.selectors)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0002_initial"),
        ("planning", "0003_target_one_per_owner_and_year"),
    ]

    operations = [
        migrations.RenameModel(old_name="Assignment", new_name="PlanAssignment"),
    ]
