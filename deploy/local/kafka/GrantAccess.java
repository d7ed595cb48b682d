// Creates SCRAM users and ACLs on the local broker with Kafka's own Admin client, in one call.
//
// Run as a single-file program (no build step): java -cp '.local/kafka/libs/*' GrantAccess.java
// It connects as the super user named by KAFKA_ADMIN_USERNAME / KAFKA_ADMIN_PASSWORD (SCRAM-SHA-512)
// and reads what to grant from standard input, so that no password appears on a command line:
//
//   user <name> <password>
//   acl <principal> <topic|group> <literal|prefix> <name> <Operation>
//
// Both are idempotent: a user's password is replaced, an ACL that exists is left as it is.
// NOTE: aiokafka's admin client has neither AlterUserScramCredentials nor CreateAcls.

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

public class GrantAccess {
    private static final int SCRAM_ITERATIONS = 4096;

    public static void main(String[] args) throws Exception {
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        List<AclBinding> acls = new ArrayList<>();
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = input.readLine(); line != null; line = input.readLine()) {
            String[] fields = line.strip().split(" ");
            switch (fields[0]) {
                case "user" -> users.add(new UserScramCredentialUpsertion(
                        fields[1], new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), fields[2]));
                case "acl" -> acls.add(new AclBinding(
                        new ResourcePattern(
                                ResourceType.fromString(fields[2]),
                                fields[4],
                                fields[3].equals("prefix") ? PatternType.PREFIXED : PatternType.LITERAL),
                        new AccessControlEntry(
                                "User:" + fields[1], "*", operation(fields[5]), AclPermissionType.ALLOW)));
                case "" -> { }
                default -> throw new IllegalArgumentException("unknown line: " + fields[0]);
            }
        }
        try (Admin admin = Admin.create(config(args[0]))) {
            if (!users.isEmpty()) {
                admin.alterUserScramCredentials(users).all().get();
            }
            if (!acls.isEmpty()) {
                admin.createAcls(acls).all().get();
            }
        }
        System.out.printf("granted: %d users, %d ACLs%n", users.size(), acls.size());
    }

    /** Strimzi's spelling (IdempotentWrite) to Kafka's (IDEMPOTENT_WRITE). */
    private static AclOperation operation(String name) {
        return AclOperation.fromString(name.replaceAll("([a-z])([A-Z])", "$1_$2"));
    }

    private static Properties config(String bootstrapServers) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put("sasl.jaas.config", String.format(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";",
                System.getenv("KAFKA_ADMIN_USERNAME"), System.getenv("KAFKA_ADMIN_PASSWORD")));
        return config;
    }
}
