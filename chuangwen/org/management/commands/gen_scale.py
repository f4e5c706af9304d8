"""``manage.py gen_scale --units N --departments M --staff K [--counties C]``: synthetic data at
scale for benchmarks (see ``chuangwen.org.scale``)."""

import time

from django.core.management.base import BaseCommand, CommandError

from chuangwen.org.scale import AlreadyGenerated, generate


class Command(BaseCommand):
    help = "Generate N hospitals with M departments and K staff each, spread over C counties (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=2000)
        parser.add_argument("--departments", type=int, default=10, help="departments per unit")
        parser.add_argument("--staff", type=int, default=100, help="staff per unit")
        parser.add_argument("--counties", type=int, default=None, help="default: units / 50")
        parser.add_argument("--office-users", type=int, default=5, help="office logins for the first units")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--prefix", default="99", help="two digits the region codes start with")
        parser.add_argument("--password", default=None, help="password of the generated logins (default: none)")

    def handle(self, *args, **o):
        t0 = time.perf_counter()
        self.stdout.write(
            f"Generating {o['units']} units × {o['departments']} departments × {o['staff']} staff "
            f"({o['units'] * o['staff']} people)…"
        )
        try:
            res = generate(
                units=o["units"],
                departments=o["departments"],
                staff=o["staff"],
                counties=o["counties"],
                office_users=o["office_users"],
                batch_size=o["batch_size"],
                prefix=o["prefix"],
                password=o["password"],
                log=self.stdout.write,
            )
        except (AlreadyGenerated, ValueError) as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.perf_counter() - t0:.1f} s: {res.cities} cities, {res.counties} counties, "
                f"{res.units} units, {res.departments} departments, {res.people} people."
            )
        )
        for kind, names in res.usernames.items():
            shown = ", ".join(names[:5]) + (f" … ({len(names)})" if len(names) > 5 else "")
            self.stdout.write(f"  {kind} users: {shown}")
