"""A login role held on a unit, a body or the organisation is a RoleGrant (it was RoleAssignment,
a name shared with the plan's and the decisions' assignments). The table and its rows are kept;
audit rows written before keep their former object type and are read under the new one
(core.selectors)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_roleassignment"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="RoleAssignment", new_name="RoleGrant"),
        migrations.AlterField(
            model_name="rolegrant",
            name="body",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="role_grants",
                to="organisation.body",
                verbose_name="organ",
            ),
        ),
        migrations.AlterField(
            model_name="rolegrant",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="role_grants",
                to="organisation.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="rolegrant",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="role_grants",
                to="organisation.unit",
                verbose_name="enhet",
            ),
        ),
        migrations.AlterField(
            model_name="rolegrant",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="role_grants",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RemoveConstraint(model_name="rolegrant", name="role_assignment_unique"),
        migrations.AddConstraint(
            model_name="rolegrant",
            constraint=models.UniqueConstraint(
                fields=("user", "role", "unit", "body"),
                name="role_grant_unique",
                nulls_distinct=False,
            ),
        ),
    ]
