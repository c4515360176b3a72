<?xml version="1.0" encoding="UTF-8"?>
<!--
  The key to signs: one row for each kind of editorial sign the given texts use, each sample
  shown as the text shows it (the same classes as text.xsl makes). Shared by the web page
  (html.xsl: a "Key to signs" under the header, the signs of that page) and the book
  (print.xsl: "Conventions" in the front matter, the signs of the whole book), so that the
  two editions explain their signs in the same words. Only the wording of a corrected reading
  differs: on the web the source's reading shows when pointed at, in print it is a footnote.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- $medium: 'web' or 'print' -->
  <xsl:function name="ed:key-rows" as="element()*">
    <xsl:param name="texts" as="element()*"/>
    <xsl:param name="medium" as="xs:string"/>
    <xsl:variable name="supplied" select="$texts//supplied"/>
    <xsl:variable name="reasons" select="distinct-values($supplied/@reason)"/>
    <xsl:if test="$reasons = 'clarification' or $supplied[not(@reason)]">
      <tr><td><span class="tei-supplied key-sample"><span class="bracket">[</span>word<span class="bracket">]</span></span></td>
        <td>words supplied by the translator or the editors</td></tr>
    </xsl:if>
    <xsl:if test="$supplied[@cert = 'low']">
      <tr><td><span class="tei-supplied key-sample"><span class="bracket">[</span>word?<span class="bracket">]</span></span></td>
        <td>supplied words the translator is not sure of</td></tr>
    </xsl:if>
    <xsl:if test="$reasons = 'abbreviation'">
      <tr><td><span class="key-sample">comr<span class="tei-supplied reason-abbreviation"><span class="bracket">[</span>ade<span class="bracket">]</span></span></span></td>
        <td>a word completed</td></tr>
    </xsl:if>
    <xsl:if test="$reasons = 'gloss'">
      <tr><td><span class="key-sample">Beiping <span class="tei-supplied reason-gloss"><span class="bracket">[</span>Beijing<span class="bracket">]</span></span></span></td>
        <td>another name, an expansion or a gloss of the words before, the translator’s</td></tr>
    </xsl:if>
    <xsl:if test="$reasons = 'identification'">
      <tr><td><span class="key-sample"><span class="tei-supplied reason-identification"><span class="bracket">[</span>Ambassador<span class="bracket">]</span></span> Wang</span></td>
        <td>who the person named next is, the translator’s</td></tr>
    </xsl:if>
    <xsl:if test="$reasons = 'original-wording'">
      <tr><td><span class="key-sample">necessary <span class="tei-supplied reason-original-wording"><span class="bracket">[</span>yongbuzhao<span class="bracket">]</span></span></span></td>
        <td>the original’s word, romanised</td></tr>
    </xsl:if>
    <xsl:if test="$reasons = 'punctuation'">
      <tr><td><span class="key-sample">war<span class="tei-supplied reason-punctuation"><span class="bracket">[</span>?<span class="bracket">]</span></span></span></td>
        <td>punctuation supplied</td></tr>
    </xsl:if>
    <xsl:if test="$texts//gap">
      <tr><td><span class="tei-gap key-sample">⟨one word missing⟩</span></td>
        <td>a passage lost, left out or not read in the source, as the translator describes it</td></tr>
    </xsl:if>
    <xsl:if test="$texts//unclear">
      <tr><td><span class="tei-unclear key-sample">word</span></td><td>an uncertain reading</td></tr>
    </xsl:if>
    <xsl:if test="$texts//choice">
      <tr><td><span class="tei-choice key-sample">word<xsl:if test="$medium = 'print'"><sup>1</sup></xsl:if></span></td>
        <td><xsl:value-of select="if ($medium = 'print') then 'a reading the editors corrected: the source’s reading in a footnote'
                                  else 'a reading the editors corrected: the source’s reading shows when pointed at'"/></td></tr>
    </xsl:if>
    <xsl:if test="$texts//pb">
      <tr><td><span class="tei-pb key-sample">|30</span></td><td>the beginning of page (leaf) 30 of the source</td></tr>
    </xsl:if>
    <xsl:if test="$texts//lb[@type = 'paragraph-split']">
      <tr><td><span class="tei-lb type-paragraph-split key-sample">¶</span></td>
        <td>a paragraph break of the source, joined within a sentence</td></tr>
    </xsl:if>
  </xsl:function>

</xsl:stylesheet>
