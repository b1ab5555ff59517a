package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.genlock.distribution.support.Distribution;
import org.genlock.distribution.support.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: an integrator's policy through deploy/, as an integrator does it, on the exported
 * jar with ch1 on air. The SDK example policy (built from examples/, v1 aims for 2 ready frames,
 * v2 for 3) is dropped into deploy/, selected for ch1 through the API, replaced by v2, rolled
 * back to v1 through the API, forward and back again from the Gogo shell, and removed. Broken
 * jars dropped on the way (a wrong API range, a plain jar, a new genlock.api whose users would
 * restart with it) are refused and change nothing. Throughout, ch1 stays on air, the clock device's hash log shows no display index aired
 * twice or out of order, the policy changes are not followed by missing or repeated frames
 * (judged per change as the swap itest's SeamlessCheck does, so a loaded machine's stray drops
 * are not blamed on them; every figure is printed), and the backend bundle is the same bundle,
 * never restarted.
 */
class DeployLifecycleTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Pattern LEFT_AIR = Pattern.compile("channel ch1: (RUNNING|DEGRADED) -> (?!RUNNING|DEGRADED)(\\w+)");
    static final Pattern POLICY_SWAP = Pattern.compile("channel ch1: policy (\\S+) -> (\\S+) from display index (\\d+)");
    static final Pattern TARGET = Pattern.compile("\"queue\":\\{[^}]*\"target\":(\\d+)");
    /** Frames from a policy change's first display index judged for a repeat (as the swap itest's SeamlessCheck). */
    static final int WINDOW = 3;
    static final String BSN = Examples.POLICY_BSN;
    static final String API = "/genlock/api";
    static final Path API_JAR = Path.of(System.getProperty("genlock.api.jar", "../../bundles/genlock.api/target/genlock.api-0.2.0.jar"));

    @TempDir
    Path dir;

    @Test
    void examplePolicyDeployedSelectedUpdatedRolledBackAndRemovedWhileCh1StaysOnAir() throws Exception {
        Path v1 = Examples.policy("v1");
        Path v2 = Examples.policy("v2");
        Path broken = Examples.withHeaders(v2, dir.resolve("broken-src.jar"), "Bundle-Version", "3.0.0", "Import-Package",
                "org.genlock.api.playout;version=\"[2.0,3)\",org.genlock.api.video;version=\"[1.0,2)\"");
        Path plain = Examples.plainJar(dir.resolve("plain-src.jar"));
        Path work = Files.createDirectories(dir.resolve("genlock"));
        try (Distribution d = Distribution.start("genlock.jar", work, true, port -> List.of(
                "-Dorg.osgi.service.http.port=" + port), DeployLifecycleTest::hashLogAt720p)) {
            try {
                sequence(d, work, v1, v2, broken, plain);
            } finally {
                Files.createDirectories(Path.of("target"));
                Files.copy(d.log, Path.of("target/deploy-lifecycle-genlock.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void sequence(Distribution d, Path work, Path v1, Path v2, Path broken, Path plain) throws Exception {
        {
            d.awaitLog("channel ch1: PREROLLING -> RUNNING", WAIT);
            String pw = d.generatedPassword();
            d.awaitStatus(API + "/channels/ch1", "admin", pw, 200, WAIT);
            Path deploy = work.resolve("deploy");
            assertThat(deploy).as("deploy/ made at start").isDirectory();
            Map<String, String> backend = bundleInfo(d, pw, "genlock.backend");
            long nonFreshBefore = nonFresh(d, pw);
            Path hashLog = work.resolve(".genlock/output/clock.hashlog");
            long firstIndex = lastIndex(hashLog);
            List<String> steps = new ArrayList<>();

            // drop v1: installed and started; select it for ch1 through the API
            Examples.drop(v1, deploy, "example-policy.jar");
            d.awaitLog("deploy: " + Pattern.quote(BSN) + " \\(none\\) -> 1\\.0\\.0 installed and started from "
                    + "deploy/example-policy\\.jar \\(bundle \\d+\\)", WAIT);
            awaitBody(d, pw, API + "/providers/policy", "\"id\":\"example\"");
            HttpResponse<String> select = d.send("PUT", API + "/channels/ch1/policy", "application/json",
                    "{\"id\":\"" + Examples.POLICY_ID + "\"}", "admin", pw);
            assertThat(select.statusCode()).as(select.body()).isEqualTo(200);
            d.awaitLog("channel ch1: policy standard -> example from display index", WAIT);
            awaitTarget(d, pw, 2);
            long policyBundle = Long.parseLong(bundleInfo(d, pw, BSN).get("id"));
            steps.add("deploy v1 + select");

            // broken jars: refused with the file and the requirement named, nothing changes
            Examples.drop(broken, deploy, "example-policy-3.jar");
            d.awaitLog("deploy: deploy/example-policy-3\\.jar refused, nothing changed: " + Pattern.quote(BSN)
                    + " 3\\.0\\.0 imports package org\\.genlock\\.api\\.playout \\[2\\.0\\.0,3\\.0\\.0\\), but the framework "
                    + "exports it only at 1\\.0\\.0 \\(from genlock\\.api 0\\.2\\.0\\); " + Pattern.quote(BSN) + " 1\\.0\\.0 stays",
                    WAIT);
            Examples.drop(plain, deploy, "plain.jar");
            d.awaitLog("deploy: deploy/plain\\.jar refused, nothing changed: it has no META-INF/MANIFEST\\.MF: it is a plain jar, not an OSGi bundle", WAIT);
            // the API bundle: its users (the backend among them) would restart with it
            Examples.drop(Examples.withHeaders(API_JAR, dir.resolve("api-src.jar"), "Bundle-Version", "0.2.1"), deploy,
                    "genlock.api-0.2.1.jar");
            d.awaitLog("deploy: deploy/genlock\\.api-0\\.2\\.1\\.jar refused, nothing changed: genlock\\.api 0\\.2\\.0 exports "
                    + "packages that \\d+ running bundles use \\(.*\\); replacing it live would restart them all", WAIT);
            Files.delete(deploy.resolve("example-policy-3.jar"));
            Files.delete(deploy.resolve("plain.jar"));
            Files.delete(deploy.resolve("genlock.api-0.2.1.jar"));
            Thread.sleep(2500); // two FileInstall polls: the removals must change nothing either
            assertThat(bundleInfo(d, pw, BSN)).containsEntry("version", "1.0.0").containsEntry("stateRaw", "32")
                    .containsEntry("id", Long.toString(policyBundle));
            assertThat(count(d.log(), "deploy: " + BSN)).as("deploy lines for the example so far").isEqualTo(1);
            awaitTarget(d, pw, 2);

            // replace with v2: updated in place, same bundle id, aims for 3 ready frames
            Examples.drop(v2, deploy, "example-policy.jar");
            d.awaitLog("deploy: " + Pattern.quote(BSN) + " 1\\.0\\.0 -> 2\\.0\\.0 updated in place from "
                    + "deploy/example-policy\\.jar \\(bundle " + policyBundle + "\\)", WAIT);
            awaitTarget(d, pw, 3);
            steps.add("update v1 -> v2");

            // roll back through the API: v1 again, deploy/ holds v1 so a restart agrees
            HttpResponse<String> rollback = d.send("POST", API + "/bundles/" + BSN + "/rollback", "application/json", "{}",
                    "admin", pw);
            assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
            assertThat(rollback.body()).contains("\"from\":\"2.0.0\"", "\"to\":\"1.0.0\"", "\"bundleId\":" + policyBundle);
            awaitTarget(d, pw, 2);
            assertThat(deploy.resolve(BSN + "-1.0.0.jar")).exists();
            assertThat(deploy.resolve("example-policy.jar")).doesNotExist();
            Path kept = work.resolve(".genlock/bundles/" + BSN + "/2.0.0.jar");
            assertThat(kept).exists();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)))
                    .as("a kept version is readable by its owner only").isEqualTo("rw-------");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(kept.getParent())))
                    .isEqualTo("rwx------");
            String view = d.get(API + "/bundles/" + BSN, "admin", pw).body();
            assertThat(view).contains("\"version\":\"1.0.0\"", "\"previous\":\"2.0.0\"",
                    "\"source\":\"deploy/" + BSN + "-1.0.0.jar\"");
            HttpResponse<String> unknown = d.send("POST", API + "/bundles/com.example.nothing/rollback", "application/json",
                    "{}", "admin", pw);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).startsWith("{\"status\":404,\"error\":\"unknown bundle 'com.example.nothing'");
            steps.add("rollback v2 -> v1 (API)");

            // the same from the Gogo shell: forward to the newest kept version, and back
            d.gogo("genlock:deployed");
            d.awaitLog("(?m)^\\s*" + policyBundle + "\\s+" + Pattern.quote(BSN) + "\\s+1\\.0\\.0\\s+ACTIVE\\s+deploy/"
                    + Pattern.quote(BSN) + "-1\\.0\\.0\\.jar\\s+2\\.0\\.0\\s+2\\.0\\.0, 1\\.0\\.0", WAIT);
            d.gogo("genlock:upgrade " + BSN);
            d.awaitLog(Pattern.quote(BSN) + " 1\\.0\\.0 -> 2\\.0\\.0 \\(bundle " + policyBundle + "\\)", WAIT);
            awaitTarget(d, pw, 3);
            steps.add("upgrade v1 -> v2 (shell)");
            d.gogo("genlock:rollback " + BSN);
            d.awaitLog(Pattern.quote(BSN) + " 2\\.0\\.0 -> 1\\.0\\.0 \\(bundle " + policyBundle + "\\)", WAIT);
            awaitTarget(d, pw, 2);
            steps.add("rollback v2 -> v1 (shell)");
            d.gogo("genlock:rollback com.example.nothing");
            d.awaitLog("unknown bundle 'com.example.nothing'; Genlock and deployed bundles: ", WAIT);
            Thread.sleep(2500); // FileInstall sees deploy/ as the shell left it: its echo changes nothing

            // remove: uninstalled; no policy matches ch1's target any more, so the shipped
            // policy.fallback (standard) takes over, live
            Files.delete(deploy.resolve(BSN + "-1.0.0.jar"));
            d.awaitLog("deploy: " + Pattern.quote(BSN) + " 1\\.0\\.0 -> \\(none\\) uninstalled: no jar for it is left in "
                    + "deploy/ \\(.*; bundle " + policyBundle + "\\)", WAIT);
            d.awaitLog("channel ch1: policy example -> \\(none\\) from display index", WAIT);
            d.awaitLog("channel ch1: policy \\(none\\) -> standard from display index", WAIT);
            d.awaitLog("channel ch1: no policy matches the channel's policy filter; policy standard "
                    + "\\(policy.fallback\\) is used until one does", WAIT);
            awaitBody(d, pw, API + "/channels/ch1", "\"policy\":{\"selected\":\"example\"");
            awaitBody(d, pw, API + "/channels/ch1", "\"bundle\":\"genlock.policy.standard\"");
            steps.add("remove (standard takes over)");
            Thread.sleep(1500); // the hash log is written behind the air

            String log = d.log();
            assertThat(log).as("ch1 never left the air").doesNotContainPattern(LEFT_AIR);
            assertThat(count(log, "channel ch1: UNINITIALIZED -> DISCOVERING")).as("channel starts").isEqualTo(1);
            assertThat(count(log, "opened for 720p50")).as("device sessions opened").isEqualTo(1);
            assertThat(bundleInfo(d, pw, "genlock.backend")).as("the backend bundle: same id, state, last modified")
                    .isEqualTo(backend);

            // every display index aired at most once and in order; no index missing and no repeat
            // where a policy change went to air. Elsewhere a loaded machine may cost a frame now
            // and then (the device drops an index it could not pace): counted and shown, not blamed
            // on the bundle changes.
            List<String[]> frames = hashLog(hashLog);
            Files.copy(hashLog, Path.of("target/deploy-lifecycle.hashlog"), StandardCopyOption.REPLACE_EXISTING);
            long lastIndex = Long.parseLong(frames.get(frames.size() - 1)[0]);
            Map<Long, String> byIndex = new HashMap<>();
            List<Long> missing = new ArrayList<>();
            long previous = -1;
            int twiceOrBackwards = 0;
            for (String[] f : frames) {
                long index = Long.parseLong(f[0]);
                if (index < firstIndex) {
                    continue; // before the sequence
                }
                if (previous >= 0 && index <= previous) {
                    twiceOrBackwards++;
                }
                for (long gap = previous + 1; previous >= 0 && gap < index; gap++) {
                    missing.add(gap);
                }
                previous = Math.max(previous, index);
                byIndex.put(index, f[1]);
            }
            assertThat(twiceOrBackwards).as("display indices aired twice or out of order").isZero();
            Matcher m = POLICY_SWAP.matcher(log);
            int changes = 0;
            int impairedChanges = 0;
            List<String> impaired = new ArrayList<>();
            while (m.find()) {
                long at = Long.parseLong(m.group(3));
                if (at <= firstIndex) {
                    continue;
                }
                changes++;
                boolean hit = false;
                for (long i = at - 1; i < at + WINDOW; i++) {
                    String what = m.group(1) + "->" + m.group(2) + "@" + at + ": index " + i;
                    if (missing.contains(i)) {
                        impaired.add(what + " missing");
                        hit = true;
                    } else if (i >= at && byIndex.containsKey(i) && byIndex.get(i).equals(byIndex.get(i - 1))) {
                        impaired.add(what + " a repeat");
                        hit = true;
                    }
                }
                impairedChanges += hit ? 1 : 0;
            }
            long nonFreshDuring = nonFresh(d, pw) - nonFreshBefore;
            long span = lastIndex - firstIndex + 1;
            System.out.printf("deploy sequence (%s): display indices %d..%d (%d), %d aired, none twice, %d missing; "
                    + "%d policy changes on air, %d with a missing or repeated frame within %d frames (%d frames: %s); "
                    + "non-fresh frames over the whole sequence (counter): %d; load average %s%n",
                    String.join(", ", steps), firstIndex, lastIndex, span, byIndex.size(), missing.size(), changes,
                    impairedChanges, WINDOW, impaired.size(), impaired, nonFreshDuring, loadAverage());
            assertThat(changes).as("policy changes on air: select, update, rollback, upgrade, rollback (2 each), remove")
                    .isGreaterThanOrEqualTo(10);
            // Judged as the swap itest's SeamlessCheck judges swaps: a change that impairs frames does
            // so where it reaches air, every time; a busy neighbour impairs a frame now and then
            // wherever it falls. So the bundle changes fail if most of them were followed by an
            // impaired frame; the frames are printed either way.
            assertThat(impairedChanges).as("policy changes followed by a missing or repeated frame within %d frames: %s",
                    WINDOW, impaired).isLessThanOrEqualTo(changes / 2);
            d.terminate(Duration.ofSeconds(15));
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /**
     * deploy/ is the state that survives a restart: a jar there before the start is installed
     * with the platform, and after a rollback deploy/ holds the restored version, so the next start
     * runs what ran before it (ch1's configuration still names the policy, which binds again).
     */
    @Test
    void deployFolderIsInstalledAtStartAndARollbackSurvivesARestart() throws Exception {
        Path work = Files.createDirectories(dir.resolve("genlock"));
        Examples.drop(Examples.policy("v1"), work.resolve("deploy"), "example-policy.jar");
        String pw;
        try (Distribution d = Distribution.start("genlock.jar", work)) {
            d.awaitLog("deploy: " + Pattern.quote(BSN) + " \\(none\\) -> 1\\.0\\.0 installed and started from "
                    + "deploy/example-policy\\.jar", WAIT);
            d.awaitLog("channel ch1: PREROLLING -> RUNNING", WAIT);
            pw = d.generatedPassword();
            d.awaitStatus(API + "/channels/ch1", "admin", pw, 200, WAIT);
            HttpResponse<String> select = d.send("PUT", API + "/channels/ch1/policy", "application/json",
                    "{\"id\":\"" + Examples.POLICY_ID + "\"}", "admin", pw);
            assertThat(select.statusCode()).as(select.body()).isEqualTo(200);
            awaitTarget(d, pw, 2);
            Examples.drop(Examples.policy("v2"), work.resolve("deploy"), "example-policy.jar");
            awaitTarget(d, pw, 3);
            HttpResponse<String> rollback = d.send("POST", API + "/bundles/" + BSN + "/rollback", "application/json", "{}",
                    "admin", pw);
            assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
            awaitTarget(d, pw, 2);
            d.terminate(Duration.ofSeconds(20));
        }
        int from = Files.readString(work.resolve("genlock.log")).length();
        try (Distribution d = Distribution.restart("genlock.jar", work)) {
            d.awaitStatus(API + "/channels/ch1", "admin", pw, 200, WAIT);
            awaitBody(d, pw, API + "/channels/ch1", "\"bundle\":\"" + BSN + "\",\"version\":\"1.0.0\"");
            awaitTarget(d, pw, 2);
            String log = d.log().substring(from);
            assertThat(log).contains("deploy: " + BSN + " (none) -> 1.0.0 installed and started from deploy/" + BSN
                    + "-1.0.0.jar").doesNotContain("2.0.0 installed");
            assertThat(d.get(API + "/bundles/" + BSN, "admin", pw).body()).contains("\"version\":\"1.0.0\"",
                    "\"previous\":\"2.0.0\"");
            d.terminate(Duration.ofSeconds(20));
        }
    }

    /** ch1 at 720p50 (less to hash) on the clock device writing a hash log, snapshots off. */
    static String hashLogAt720p(String file, String text) {
        if (file.equals("genlock.device.clock.cfg")) {
            return text.replaceAll("(?m)^sink=.*$", "sink=hashlog\nsink.path=.genlock/output/clock.hashlog")
                    .replaceAll("(?m)^snapshot\\.path=.*$", "snapshot.path=");
        }
        if (file.equals("genlock.channel-ch1.cfg")) {
            return text.replaceAll("(?m)^format=.*$", "format=720p50");
        }
        return text;
    }

    /** The Web Console's view of a bundle: id, stateRaw, version and last modification. */
    static Map<String, String> bundleInfo(Distribution d, String pw, String bsn) throws Exception {
        String json = d.get("/system/console/bundles/" + bsn + ".json", "admin", pw).body();
        Map<String, String> out = new HashMap<>();
        out.put("id", group(json, "\"id\":(\\d+)"));
        out.put("stateRaw", group(json, "\"stateRaw\":(\\d+)"));
        out.put("version", group(json, "\"version\":\"([^\"]+)\""));
        out.put("lastModified", group(json, "\"key\":\"Last Modification\",\"value\":\"([^\"]+)\""));
        return out;
    }

    static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    static long nonFresh(Distribution d, String pw) throws Exception {
        String s = group(d.get(API + "/channels/ch1", "admin", pw).body(), "\"nonFresh\":(\\d+)");
        return s == null ? -1 : Long.parseLong(s);
    }

    static void awaitTarget(Distribution d, String pw, int target) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = d.get(API + "/channels/ch1", "admin", pw).body();
            Matcher m = TARGET.matcher(last);
            if (m.find() && Integer.parseInt(m.group(1)) == target) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("ch1's ready target never became " + target + "; last: " + last);
    }

    static void awaitBody(Distribution d, String pw, String path, String fragment) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = d.get(path, "admin", pw).body();
            if (last.contains(fragment)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " never contained " + fragment + "; last: " + last);
    }

    static List<String[]> hashLog(Path file) throws Exception {
        List<String[]> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[1].length() == 64) { // then audio=<sha256|->
                out.add(f);
            }
        }
        return out;
    }

    static long lastIndex(Path file) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String[]> l = hashLog(file);
            if (!l.isEmpty()) {
                return Long.parseLong(l.get(l.size() - 1)[0]);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no hash log at " + file);
    }

    static int count(String text, String fragment) {
        return OnAirTest.count(text, fragment);
    }
}
