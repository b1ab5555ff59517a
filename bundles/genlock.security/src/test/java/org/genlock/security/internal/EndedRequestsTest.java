package org.genlock.security.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.ServletException;

import org.junit.jupiter.api.Test;

class EndedRequestsTest {

    @Test
    void aClientThatWentAwayOrWentSilentIsRecognisedThroughWrappers() {
        assertTrue(EndedRequests.abortReason(new EOFException("Early EOF")).contains("closed the connection"));
        assertTrue(EndedRequests.abortReason(new IOException(new TimeoutException("Idle timeout expired: 30000/30000 ms")))
                .contains("idle timeout"));
        assertTrue(EndedRequests.abortReason(new ServletException(new IOException("Broken pipe"))).contains("broke"));
        assertNull(EndedRequests.abortReason(new IOException("disk full")));
        assertNull(EndedRequests.abortReason(new IllegalStateException("bug")));
    }
}
