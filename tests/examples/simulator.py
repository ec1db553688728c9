"""Starts jobwait-sim on a scenario for the example tests: 127.0.0.1, a port the OS picks."""
import os
import subprocess
import tempfile

TOKEN = "example-S3cret-T0ken-4d21"


class Simulator:
    def __init__(self, sim_bin, jobs_toml):
        self._dir = tempfile.TemporaryDirectory(prefix="jobwait-example-sim-")
        scenario = os.path.join(self._dir.name, "scenario.toml")
        with open(scenario, "w") as f:
            f.write(f'token = "{TOKEN}"\n\n{jobs_toml}')
        self._log = open(os.path.join(self._dir.name, "sim.log"), "w")
        self._process = subprocess.Popen([sim_bin, scenario, "--port", "0"], stdout=subprocess.PIPE,
                                         stderr=self._log, stdin=subprocess.DEVNULL, text=True)
        line = self._process.stdout.readline()
        if not line.strip().isdigit():
            self.close()
            raise RuntimeError(f"jobwait-sim printed no port: {line!r}")
        self.base_url = f"http://127.0.0.1:{line.strip()}"

    def close(self):
        self._process.terminate()
        self._process.wait(timeout=10)
        self._log.close()
        self._dir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def cce_job(job_id, statuses, reason=None):
    text = (f'[[job]]\nprovider = "cce"\nid = "{job_id}"\nproject_id = "proj-example"\n'
            f'statuses = {statuses!r}\n').replace("'", '"')
    if reason:
        text += f'reason = "{reason}"\n'
    return text
