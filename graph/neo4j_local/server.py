"""The local Neo4j: fetch the pinned engine jars from Maven Central, start the one-file launcher, wait, record, stop."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from graph.store import data_dir as store_data_dir

NEO4J_VERSION = "5.26.12"
HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
LAUNCHER = HERE / "Launcher.java"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies"
JVM_FLAGS = ["-Xms256m", "-Xmx1g", "--add-opens=java.base/java.nio=ALL-UNNAMED",
             "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
             "-Dio.netty.tryReflectionSetAccessible=true"]
PAGE_CACHE_BYTES = 64 * 1024 * 1024
TRANSACTION_MEMORY_BYTES = 256 * 1024 * 1024  # db.memory.transaction.max: no one query takes the heap's whole pool
STATE_FILE = "kg-neo4j.json"
LOG_FILE = "launcher.log"
READY_LINE = "KG-NEO4J READY"
FETCHED_MARKER = ".complete"


class LocalNeo4jError(RuntimeError):
    """The local Neo4j cannot be fetched, started or stopped; the message says why."""


def home() -> Path:
    """Where the engine jars are cached: $KG_NEO4J_HOME, else ~/.cache/kg/neo4j-<version>."""
    explicit = os.environ.get("KG_NEO4J_HOME")
    return Path(explicit) if explicit else Path.home() / ".cache" / "kg" / f"neo4j-{NEO4J_VERSION}"


def default_data_dir() -> Path:
    """The local server's data directory: $KG_NEO4J_DATA, else <embedded data dir>/neo4j."""
    explicit = os.environ.get("KG_NEO4J_DATA")
    return Path(explicit) if explicit else store_data_dir() / "neo4j"


def jars_dir() -> Path:
    """The directory holding the engine's runtime jars."""
    return home() / "lib"


def fetch(force: bool = False) -> Path:
    """Copy the pinned engine and its runtime dependencies into the cache (quick when already there); return the dir."""
    target = jars_dir()
    if (target / FETCHED_MARKER).exists() and not force:
        return target
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalNeo4jError("Maven (mvn) is not installed; it is needed once to fetch the Neo4j engine "
                              "(Debian: apt-get install maven)")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="lib.", dir=target.parent))
    try:
        done = subprocess.run([mvn, "-B", "-q", "-f", str(POM), DEPENDENCY_PLUGIN, "-DincludeScope=runtime",
                               f"-DoutputDirectory={staging}"], capture_output=True, text=True)
        if done.returncode != 0:
            raise LocalNeo4jError(f"fetching Neo4j {NEO4J_VERSION} with Maven failed: "
                                  f"{(done.stdout + done.stderr).strip()[-2000:]}")
        (staging / FETCHED_MARKER).write_text(NEO4J_VERSION + "\n")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _is_launcher(pid: int) -> bool:
    """True when pid is alive and is a launcher JVM (guards against a recycled pid)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return LAUNCHER.name.encode() in cmdline


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class LocalServer:
    """A running local Neo4j: its Bolt URI, process id and data directory; `stop()` shuts it down cleanly."""

    pid: int
    port: int
    data_dir: Path
    process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def is_running(self) -> bool:
        """True while the launcher process is alive."""
        if self.process is not None:
            return self.process.poll() is None
        return _is_launcher(self.pid)

    def open_store(self, **options):
        """A Neo4jStore connected to this server."""
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(self.uri, **options)

    def stop(self, timeout: float = 60) -> None:
        """Shut the database down cleanly (stop command, or SIGTERM when detached); kill it if it hangs."""
        if self.process is not None and self.process.stdin is not None and self.process.poll() is None:
            try:
                self.process.stdin.write(b"stop\n")
                self.process.stdin.close()
            except (BrokenPipeError, OSError):
                pass
        elif self.is_running():
            os.kill(self.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while self.is_running() and time.monotonic() < deadline:
            time.sleep(0.2)
        if self.is_running():
            os.kill(self.pid, signal.SIGKILL)
            if self.process is not None:
                self.process.wait(timeout=10)
        if self.process is not None:
            self.process.wait(timeout=10)
        state = self.data_dir / STATE_FILE
        if read_state(self.data_dir) and read_state(self.data_dir).pid == self.pid:
            state.unlink(missing_ok=True)

    def kill(self) -> None:
        """End the JVM at once with SIGKILL, as a crash would (for resilience tests)."""
        os.kill(self.pid, signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=30)


def read_state(directory: Path) -> LocalServer | None:
    """The server recorded in a data directory's state file, or None when there is none."""
    try:
        data = json.loads((Path(directory) / STATE_FILE).read_text(encoding="utf-8"))
        return LocalServer(pid=int(data["pid"]), port=int(data["port"]), data_dir=Path(data["data_dir"]))
    except (OSError, ValueError, KeyError):
        return None


def running_server(directory: Path | None = None) -> LocalServer | None:
    """The local server recorded in the data directory, when its process is still alive."""
    server = read_state(directory or default_data_dir())
    return server if server is not None and server.is_running() else None


def start(data_dir: Path | None = None, port: int = 7687, detached: bool = False, timeout: float = 180,
          auth: bool = False) -> LocalServer:
    """Start the engine on 127.0.0.1:port with its data in data_dir, wait until Bolt answers, record it, return it.

    Attached (the default) the JVM stops when this process's pipe to it closes; detached it runs until `stop`.
    """
    java = shutil.which("java")
    if java is None:
        raise LocalNeo4jError("Java is not installed; the local Neo4j needs Java 17 (Debian: openjdk-17-jre-headless)")
    lib = fetch()
    data_dir = Path(data_dir or default_data_dir()).resolve()
    existing = running_server(data_dir)
    if existing is not None:
        raise LocalNeo4jError(f"a local Neo4j already runs on {data_dir} at {existing.uri} (pid {existing.pid})")
    if _port_in_use(port):
        raise LocalNeo4jError(f"port {port} on 127.0.0.1 is already in use; choose another with --port")
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / LOG_FILE
    command = [java, *JVM_FLAGS, "-cp", f"{lib}/*", str(LAUNCHER), "--data-dir", str(data_dir), "--port", str(port),
               "--page-cache", str(PAGE_CACHE_BYTES), "--transaction-memory", str(TRANSACTION_MEMORY_BYTES)]
    if auth:
        command.append("--auth")
    if detached:
        command.append("--detached")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL if detached else subprocess.PIPE, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=detached)
    server = LocalServer(pid=process.pid, port=port, data_dir=data_dir, process=process)
    try:
        _wait_ready(server, log_path, timeout)
    except BaseException:
        if process.poll() is None:
            process.kill()
            process.wait()
        raise
    (data_dir / STATE_FILE).write_text(json.dumps({"pid": process.pid, "port": port, "uri": server.uri,
                                                   "data_dir": str(data_dir), "version": NEO4J_VERSION}),
                                       encoding="utf-8")
    return server


def _wait_ready(server: LocalServer, log_path: Path, timeout: float) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise LocalNeo4jError(f"the local Neo4j exited with code {server.process.returncode} during start-up; "
                                  f"log {log_path}:\n{_log_tail(log_path)}")
        if READY_LINE in log_path.read_text(encoding="utf-8", errors="replace"):
            break
        if time.monotonic() > deadline:
            raise LocalNeo4jError(f"the local Neo4j did not start within {timeout:.0f} s; log {log_path}:\n"
                                  f"{_log_tail(log_path)}")
        time.sleep(0.3)
    with GraphDatabase.driver(server.uri, auth=None) as driver:
        try:
            driver.verify_connectivity()
        except AuthError:
            pass  # started with --auth: it answers, and refuses anonymous clients as it should
        except (ServiceUnavailable, Neo4jError) as exc:
            raise LocalNeo4jError(f"the local Neo4j at {server.uri} printed its ready line but does not answer: "
                                  f"{exc}") from exc
