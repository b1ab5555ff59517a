package org.genlock.distribution.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a plain socket, for what java.net.http cannot do: send from another loopback
 * address (127.0.0.2, so throttling it leaves the other tests' 127.0.0.1 alone), send half a
 * body and stall, or close mid-body.
 */
final class RawHttp implements AutoCloseable {

    /** A response: status, headers (lower-case names) and body, or status -1 if the server closed without one. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    private final Socket socket = new Socket();

    RawHttp(String localAddress, int port) throws IOException {
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** One complete request with {@code Connection: close}, and its answer. */
    static Answer exchange(String localAddress, int port, String method, String path, Map<String, String> headers,
            byte[] body) throws IOException {
        try (RawHttp http = new RawHttp(localAddress, port)) {
            http.send(method, path, headers, body == null ? 0 : body.length, body == null ? new byte[0] : body);
            return http.read(Duration.ofSeconds(30));
        }
    }

    /** Sends the request line, headers (with the Content-Length given) and {@code part} of the body. */
    void send(String method, String path, Map<String, String> headers, long contentLength, byte[] part) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1:").append(socket.getPort()).append("\r\n");
        head.append("Connection: close\r\n");
        if (contentLength > 0 || !method.equals("GET")) {
            head.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(part);
        out.flush();
    }

    /** Reads until the server closes the connection; status -1 if it closed without answering. */
    Answer read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // a reset after the answer still leaves the answer
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(text);
        if (!status.find()) {
            return new Answer(-1, Map.of(), text);
        }
        int split = text.indexOf("\r\n\r\n");
        Map<String, String> headers = new java.util.HashMap<>();
        for (String line : text.substring(0, split < 0 ? text.length() : split).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return new Answer(Integer.parseInt(status.group(1)), headers, split < 0 ? "" : text.substring(split + 4));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
