package org.genlock.webconsole.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.genlock.distribution.support.Distribution;
import org.openqa.selenium.json.Json;

/**
 * Polls channel ch1's state through the console's JSON API on its own thread for the whole
 * test, so that a moment off air between the browser's page loads is seen too; records every
 * answer that is not on air (RUNNING or DEGRADED).
 */
final class OnAirWatch implements AutoCloseable {

    private final Distribution distribution;
    private final String password;
    private final Thread thread;
    private final List<String> offAir = new ArrayList<>();
    private volatile boolean running = true;
    private int polls;
    private String lastError;

    OnAirWatch(Distribution distribution, String password) {
        this.distribution = distribution;
        this.password = password;
        this.thread = new Thread(this::run, "ch1-on-air-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Json json = new Json();
        while (running) {
            try {
                var r = distribution.get("/system/console/genlock/api/channels/ch1", "admin", password);
                synchronized (this) {
                    if (r.statusCode() != 200) {
                        offAir.add("HTTP " + r.statusCode() + ": " + r.body());
                    } else {
                        Map<?, ?> channel = json.toType(r.body(), Map.class);
                        Object state = channel.get("state");
                        if (!Boolean.TRUE.equals(channel.get("onAir"))
                                || !("RUNNING".equals(state) || "DEGRADED".equals(state))) {
                            offAir.add("state " + state + ", onAir " + channel.get("onAir") + " at display index "
                                    + channel.get("displayIndex"));
                        }
                    }
                    polls++;
                }
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                synchronized (this) {
                    lastError = e.toString();
                }
            }
        }
    }

    /** Polls answered so far (a watch that never got an answer proves nothing). */
    synchronized int polls() {
        return polls;
    }

    synchronized List<String> offAir() {
        return List.copyOf(offAir);
    }

    synchronized String lastError() {
        return lastError;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
