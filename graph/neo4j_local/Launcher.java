// Runs the pinned Neo4j engine with its Bolt connector on 127.0.0.1, until "stop" on stdin, stdin closing, or SIGTERM.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

public class Launcher {
    public static void main(String[] args) throws Exception {
        Path dataDir = null;
        int port = 7687;
        long pageCache = 64L * 1024 * 1024;
        long transactionMemory = 256L * 1024 * 1024;
        boolean auth = false;
        boolean detached = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[++i]).toAbsolutePath();
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--page-cache" -> pageCache = Long.parseLong(args[++i]);
                case "--transaction-memory" -> transactionMemory = Long.parseLong(args[++i]);
                case "--auth" -> auth = true;
                case "--detached" -> detached = true;
                default -> {
                    System.err.println("KG-NEO4J ERROR unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (dataDir == null) {
            System.err.println("KG-NEO4J ERROR --data-dir is required");
            System.exit(2);
        }
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dataDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, transactionMemory)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // a local store has no backups or replicas to feed: without this, the transaction logs of the last
                // two days are kept (11 GB beside a 2.2 GB store after a 20,000-article build)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "256M size")
                .build();
        AtomicBoolean stopped = new AtomicBoolean(false);
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                dbms.shutdown();
                System.out.println("KG-NEO4J STOPPED");
                System.out.flush();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop));
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        System.out.println("KG-NEO4J READY bolt://127.0.0.1:" + port);
        System.out.flush();
        if (detached) {
            Thread.currentThread().join();
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals("stop")) {
                    break;
                }
            }
        }
        stop.run();
        System.exit(0);
    }
}
