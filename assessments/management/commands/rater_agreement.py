from django.core.management.base import BaseCommand

from assessments.selectors import agreement_report


class Command(BaseCommand):
    help = (
        "Rater agreement per rubric criterion: ICC(1) with its 95% interval and Koo and Li's "
        "reading, quadratic-weighted kappa per pair of reviewers, and each reviewer's leniency."
    )

    def handle(self, *args, **options):
        rubrics = agreement_report()
        if not rubrics:
            self.stdout.write("No reviews are in yet.")
        for rubric in rubrics:
            self.stdout.write(
                self.style.MIGRATE_HEADING(f"{rubric['task']} ({rubric['template']})")
            )
            for row in rubric["criteria"]:
                interval = f"{row['low']} to {row['high']}" if row.get("low") is not None else "n/a"
                self.stdout.write(
                    f"  {row['name']}: {row['responses']} answers, ICC {row.get('icc', 'n/a')} "
                    f"[{interval}] {row.get('reading') or 'too few answers'}"
                )
                for pair in row["pairs"]:
                    self.stdout.write(
                        f"    {pair['a']} & {pair['b']}: kappa {pair['kappa']} ({pair['n']})"
                    )
                for lean in row["leniency"]:
                    if lean["difference"] is not None:
                        self.stdout.write(f"    {lean['reviewer']}: {lean['difference']:+}")
            for entry in rubric["calibration"]:
                self.stdout.write(
                    f"  calibration {entry['reviewer']}: kappa {entry['agreement']}, "
                    f"exact {entry['exact_share']:.0%}"
                )
