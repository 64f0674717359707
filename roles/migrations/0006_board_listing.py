"""The board's listing: one narrow row per published role, for the search (``BoardListing``).

On PostgreSQL the rows also carry the revision's search vectors, copied rather than generated
(a generated column cannot read another table), with a GIN index on the workplace and the
words. The listing is
filled here from the published roles; from then on the services keep it.
"""

import django.db.models.deletion
from django.db import migrations, models

COLUMNS = (
    "role_id, revision_id, published_at, valid_through, workplace, employment_type, city, "
    "annual_pay_maximum"
)
VALUES = (
    "p.id, r.id, r.published_at, p.valid_through, r.workplace, r.employment_type, r.city, "
    "r.annual_pay_maximum"
)
FROM = (
    "FROM roles_roleprofile p JOIN roles_rolerevision r ON r.id = p.current_revision_id "
    "WHERE p.status = 'published'"
)
POSTGRESQL = [
    "ALTER TABLE roles_boardlisting ADD COLUMN search_vector tsvector",
    "ALTER TABLE roles_boardlisting ADD COLUMN title_vector tsvector",
    f"INSERT INTO roles_boardlisting ({COLUMNS}, search_vector, title_vector) "
    f"SELECT {VALUES}, r.search_vector, r.title_vector {FROM}",
    # The workplace beside the words in one GIN index (btree_gin): "billing" + remote finds its
    # 1,320 rows in the index instead of reading 5,332 wide rows to drop 4,012 (6.6 -> 4.5 ms
    # in EXPLAIN ANALYZE on the bench data). A search without a workplace uses it as well.
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX listing_search_idx ON roles_boardlisting USING gin (workplace, search_vector)",
    "ANALYZE roles_boardlisting",
]
OTHERS = [f"INSERT INTO roles_boardlisting ({COLUMNS}) SELECT {VALUES} {FROM}"]


def forward(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRESQL if postgresql else OTHERS:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    """The table goes with the model; nothing else to undo."""


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0005_title_search_vector"),
    ]

    operations = [
        migrations.CreateModel(
            name="BoardListing",
            fields=[
                (
                    "role",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="roles.roleprofile",
                    ),
                ),
                ("published_at", models.DateTimeField()),
                ("valid_through", models.DateField(null=True)),
                (
                    "workplace",
                    models.CharField(
                        choices=[
                            ("on_site", "On-site"),
                            ("hybrid", "Hybrid"),
                            ("remote", "Remote"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "employment_type",
                    models.CharField(
                        choices=[
                            ("full_time", "Full-time"),
                            ("part_time", "Part-time"),
                            ("contract", "Contract"),
                            ("temporary", "Temporary"),
                        ],
                        max_length=20,
                    ),
                ),
                ("city", models.CharField(blank=True, max_length=100)),
                ("annual_pay_maximum", models.DecimalField(decimal_places=2, max_digits=12)),
                (
                    "revision",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="roles.rolerevision",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["-published_at"], name="listing_published_idx")],
            },
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
