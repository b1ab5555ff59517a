import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Counts test cases in every JUnit XML report under the given directory (Surefire's
 * target/surefire-reports and bnd-testing's target/test-reports) and prints
 * "N passed, N failed[, N skipped]". Exit 1 if any failed or none ran.
 * Run as: java .ci/JUnitSummary.java <root>
 */
public class JUnitSummary {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        List<Path> reports;
        try (Stream<Path> s = Files.walk(root)) {
            reports = s.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml"))
                    .filter(p -> p.toString().contains("/target/"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        int passed = 0, failed = 0, skipped = 0;
        var factory = DocumentBuilderFactory.newInstance();
        for (Path report : reports) {
            NodeList cases;
            try {
                cases = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("testcase");
            } catch (Exception e) {
                System.out.println("unreadable report " + report + ": " + e.getMessage());
                failed++;
                continue;
            }
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                if (c.getElementsByTagName("failure").getLength() > 0 || c.getElementsByTagName("error").getLength() > 0) {
                    failed++;
                    System.out.println("FAILED: " + c.getAttribute("classname") + "." + c.getAttribute("name") + "  (" + root.relativize(report) + ")");
                } else if (c.getElementsByTagName("skipped").getLength() > 0) {
                    skipped++;
                    System.out.println("SKIPPED: " + c.getAttribute("classname") + "." + c.getAttribute("name"));
                } else {
                    passed++;
                }
            }
        }
        System.out.println(reports.size() + " JUnit reports read");
        System.out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        System.exit(failed > 0 || passed == 0 ? 1 : 0);
    }
}
