<?xml version="1.0" encoding="UTF-8"?>
<!--
  Sentence alignment on the web page (see docs/alignment.md), and the parallel rows of the web
  page and the printed facing pages (ed:layout). Included by html.xsl and print.xsl; the print
  edition renders s as plain text (print.xsl).

  Every s[@xml:id] becomes <span class="s" id="…">; the sentence links of the page are carried
  once, on the container of the versions (data-sentences, ed:sentence-data), and each version's
  section has its id (data-version) and its description (data-summary). From them
  xslt/js/align.js gives every sentence a link or ptr names:
  - data-links: its counterparts in the other language versions, in page order. Versions linked
    directly (the original and each translation: standOff/linkGrp[@type='translation']
    [@subtype='sentence']) give the targets of the sentence's links; two translations, which are
    aligned only to the original, correspond through it: the translation's sentences in the
    connected component of the sentence over all sentence links (as
    edition.align.standoff.between_translations does).
  - data-cert: the lowest @cert of the links and ptrs naming the sentence.
  - a sentence without counterpart in some version (a ptr[@type='unaligned'], or none by
    composition) is "s unaligned", with a title naming the version(s).
  The marks mean something only with the script (highlighting counterparts, certainty): without
  it the spans are plain text, as before.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:math="http://www.w3.org/2005/xpath-functions/math"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- "#a #b" -> "a", "b" -->
  <xsl:function name="ed:pointer-ids" as="xs:string*">
    <xsl:param name="pointers" as="xs:string?"/>
    <xsl:sequence select="tokenize(normalize-space($pointers), ' ')[starts-with(., '#')][string-length(.) gt 1] ! substring(., 2)"/>
  </xsl:function>

  <!-- The language version (a text with an id) an element belongs to. -->
  <xsl:function name="ed:version-of" as="element(text)?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="$e/ancestor::text[1]"/>
  </xsl:function>

  <!-- The sentence links of the page, once, for align.js (data-sentences on the container of the versions):
       per sentence group, separated by ";", the ids of the versions it links (its @corresp, by ","), ":", then
       its links and ptrs separated by spaces, each its @target's pointers (by ",", "#" kept) and "/" its @cert;
       a ptr (no counterpart) starts with "!". "ru,en-rozas:#ru-b1-s1,#en-rozas-b1-s1/0.95 !#en-rozas-b9-s2/0.9;…"
       Plain string work, no search: the sentences' marks are made from it in the browser. -->
  <xsl:function name="ed:sentence-data" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="string-join($tei/standOff/linkGrp[@type = 'translation'][@subtype = 'sentence'] !
        (string-join(ed:pointer-ids(@corresp), ',') || ':' ||
         string-join((link | ptr) ! ((if (self::ptr) then '!' else '') || translate(normalize-space(@target), ' ', ',')
                                     || '/' || translate(@cert, ' ,;/', '')), ' ')), ';')"/>
  </xsl:function>

  <!-- The toggle and what the highlighting means, in the version nav; shown by align.js
       (without the script the page is plain text and they would mean nothing). -->
  <xsl:template name="ed:align-controls">
    <div class="align-controls" hidden="hidden">
      <button type="button" class="align-toggle" aria-pressed="true" aria-describedby="align-legend">Show alignment</button>
      <p class="align-legend" id="align-legend">
        <span class="legend-item"><span class="legend-sample sample-match">tinted</span> a sentence pointed at or
          focused and its counterparts; click it to bring them into view</span>
        <xsl:text> </xsl:text>
        <span class="legend-item"><span class="legend-sample sample-medium">dotted</span> a likely link, worth a glance</span>
        <xsl:text> </xsl:text>
        <span class="legend-item"><span class="legend-sample sample-low">dashed</span> a doubtful link, to review</span>
        <xsl:text> </xsl:text>
        <span class="legend-item"><span class="legend-sample sample-unaligned">grey</span> no counterpart in another
          version</span>
      </p>
    </div>
  </xsl:template>

  <!-- ===================================================================== parallel rows

       A conversation whose versions are aligned at paragraph level (linkGrp[@subtype='paragraph'])
       is laid out in shared rows: every block the paragraph links name (p, head, dateline, …: a
       "unit" on the page, its HTML id its TEI id) starts on the same line as its counterparts.
       ed:layout computes, for a set of versions shown, where each unit goes:

       - rows: the connected components of the paragraph links among the versions shown (the
         original connects two translations even when it is not shown), in reading order;
       - inside a row, tracks: each unit of the first version shown (the pivot) starts a track;
         a unit of another version starts on the track of the first pivot unit it is linked to
         (two units linked to one pivot unit stack, the pivot unit spanning them), so a 2–1 link
         of one translation does not push the other translation's 1–1 links out of step;
       - an order for narrow screens, where the versions are interleaved: each pivot unit, then
         its counterparts (ordered by the end of the pivot units they render).

       The result: map{'tracks': T, 'units': map{id: (first track, last track, order)},
       'rows': map{id: row}}, tracks numbered from 1 in the text's own grid (html.xsl adds the rows
       of labels above), rows (passages) from 1 in reading order (print.xsl's facing pages).
  -->

  <xsl:key name="ed:para-named"
           match="*[self::link or self::ptr][parent::linkGrp[@type = 'translation'][@subtype = 'paragraph']]"
           use="ed:pointer-ids(@target)"/>

  <xsl:function name="ed:para-groups" as="element(linkGrp)*">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="$tei/standOff/linkGrp[@type = 'translation'][@subtype = 'paragraph']"/>
  </xsl:function>

  <!-- Whether the page lays its versions out in rows. -->
  <xsl:function name="ed:has-rows" as="xs:boolean">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="count(ed:versions($tei)) gt 1 and exists(ed:para-groups($tei))"/>
  </xsl:function>

  <!-- The units of a version: its outermost elements named by a paragraph link or ptr. -->
  <xsl:function name="ed:blocks" as="element()*" cache="yes">
    <xsl:param name="t" as="element(text)"/>
    <xsl:variable name="named" select="$t//*[@xml:id][exists(key('ed:para-named', string(@xml:id), root($t)))]
                                       [ed:version-of(.) is $t]"/>
    <xsl:sequence select="$named[not(ancestor::* intersect $named)]"/>
  </xsl:function>

  <!-- The ids linked to $ids by the links of the paragraph groups $groups ($ids left out). The links
       naming $ids (a key) are kept when in one of $groups (a few), not intersected with all the links
       of the groups: that made the layout quadratic. -->
  <xsl:function name="ed:linked" as="xs:string*">
    <xsl:param name="ids" as="xs:string*"/>
    <xsl:param name="groups" as="element(linkGrp)*"/>
    <xsl:sequence select="distinct-values(for $g in $groups, $id in $ids return ed:para-adjacency($g)($id))[not(. = $ids)]"/>
  </xsl:function>

  <!-- The links of a paragraph group by the ids they name: id -> the ids of every link naming it
       (the links in document order, their targets in order; the id itself among them). Made once
       per group: ed:linked is asked for every unit of every layout. -->
  <xsl:function name="ed:para-adjacency" as="map(xs:string, xs:string*)" cache="yes">
    <xsl:param name="group" as="element(linkGrp)"/>
    <xsl:sequence select="map:merge(for $l in $group/link return let $targets := ed:pointer-ids($l/@target) return
                                    for $t in distinct-values($targets) return map{$t: $targets},
                                    map{'duplicates': 'combine'})"/>
  </xsl:function>

  <!-- The ids connected to $ids through the links of $groups, transitively. -->
  <xsl:function name="ed:para-closure" as="xs:string*">
    <xsl:param name="ids" as="xs:string*"/>
    <xsl:param name="groups" as="element(linkGrp)*"/>
    <xsl:variable name="next" select="($ids, ed:linked($ids, $groups))"/>
    <xsl:sequence select="if (count($next) eq count($ids)) then $ids else ed:para-closure($next, $groups)"/>
  </xsl:function>

  <!-- First and last track of pivot unit $i, the pivot units having $c tracks each. -->
  <xsl:function name="ed:track-start" as="xs:integer">
    <xsl:param name="c" as="xs:integer*"/>
    <xsl:param name="i" as="xs:integer"/>
    <xsl:sequence select="1 + sum(subsequence($c, 1, $i - 1))"/>
  </xsl:function>
  <xsl:function name="ed:track-end" as="xs:integer">
    <xsl:param name="c" as="xs:integer*"/>
    <xsl:param name="i" as="xs:integer"/>
    <xsl:sequence select="ed:track-start($c, $i) + $c[$i] - 1"/>
  </xsl:function>

  <!-- The tracks of the pivot units of a row: one each, more where the units of another version
       linked to them need more (fixpoint). $groups: ed:g elements, per other version in order,
       @a and @b the first and last pivot unit linked (0: none), @k the number of units. -->
  <xsl:function name="ed:row-tracks" as="xs:integer*">
    <xsl:param name="groups" as="element(ed:g)*"/>
    <xsl:param name="c" as="xs:integer*"/>
    <xsl:variable name="deficits" as="xs:integer*">
      <xsl:for-each-group select="$groups" group-by="@v">
        <xsl:iterate select="current-group()">
          <xsl:param name="prev" as="xs:integer" select="0"/>
          <xsl:variable name="k" select="xs:integer(@k)"/>
          <xsl:choose>
            <xsl:when test="@a = '0'">
              <xsl:next-iteration><xsl:with-param name="prev" select="$prev + $k"/></xsl:next-iteration>
            </xsl:when>
            <xsl:otherwise>
              <xsl:variable name="start" select="max((ed:track-start($c, xs:integer(@a)), $prev + 1))"/>
              <xsl:variable name="limit" select="ed:track-end($c, xs:integer(@b))"/>
              <xsl:choose>
                <xsl:when test="$start + $k - 1 gt $limit">
                  <xsl:sequence select="xs:integer(@b), $start + $k - 1 - $limit"/>
                  <xsl:break/>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:next-iteration><xsl:with-param name="prev" select="$limit"/></xsl:next-iteration>
                </xsl:otherwise>
              </xsl:choose>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:iterate>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="empty($deficits)"><xsl:sequence select="$c"/></xsl:when>
      <!-- Links that cross (a run linked to pivot units before those of the run ahead of it, as an editor's
           override may make) have no fixpoint: each track added moves the next run as far. No row needs more
           tracks than its pivot units and all the units linked to them, so beyond that it stops here. -->
      <xsl:when test="sum($c) gt count($c) + sum($groups/@k)">
        <xsl:message>paragraph links cross: the rows of the versions side by side are laid out as far as they go</xsl:message>
        <xsl:sequence select="$c"/>
      </xsl:when>
      <xsl:otherwise>
        <!-- $deficits is (unit, tracks wanted) pairs: each unit gets the most any run wants of it -->
        <xsl:variable name="pairs" select="1 to count($deficits) idiv 2"/>
        <xsl:sequence select="ed:row-tracks($groups, for $i in 1 to count($c) return
                              $c[$i] + max((0, for $j in $pairs return $deficits[2 * $j][$deficits[2 * $j - 1] eq $i])))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:function name="ed:layout" as="map(*)">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:param name="shown" as="element(text)+"/>
    <xsl:sequence select="if (count($shown) eq 1) then ed:layout-one(ed:blocks($shown)) else ed:layout-rows($tei, $shown)"/>
  </xsl:function>

  <!-- One version shown: each of its units a row of one track, in reading order (what ed:layout-rows
       makes of it, without the work). -->
  <xsl:function name="ed:layout-one" as="map(*)">
    <xsl:param name="blocks" as="element()*"/>
    <xsl:variable name="ids" select="$blocks/@xml:id/string()"/>
    <xsl:sequence select="map{'tracks': count($ids),
                              'units': map:merge(for $k in 1 to count($ids) return map{$ids[$k]: ($k, $k, $k)}),
                              'rows': map:merge(for $k in 1 to count($ids) return map{$ids[$k]: $k})}"/>
  </xsl:function>

  <!-- Whether $seq starts with $head (what deep-equal($head, subsequence($seq, 1, count($head))) says, faster). -->
  <xsl:function name="ed:starts" as="xs:boolean">
    <xsl:param name="seq" as="xs:string*"/>
    <xsl:param name="head" as="xs:string*"/>
    <xsl:sequence select="count($head) le count($seq) and (every $k in 1 to count($head) satisfies $head[$k] eq $seq[$k])"/>
  </xsl:function>

  <xsl:function name="ed:layout-rows" as="map(*)">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:param name="shown" as="element(text)+"/>
    <xsl:variable name="groups" select="ed:para-groups($tei)"/>
    <xsl:variable name="orig" select="string(ed:pointer-ids($groups[1]/@corresp)[1])"/>
    <xsl:variable name="ids" select="$shown/@xml:id/string()"/>
    <!-- the paragraph groups between the original and a translation shown -->
    <xsl:variable name="used" select="if (count($shown) lt 2) then () else $groups[ed:pointer-ids(@corresp)[2] = $ids]"/>
    <xsl:variable name="units" as="element(ed:u)*">
      <xsl:for-each select="$shown">
        <xsl:variable name="v" select="position()"/>
        <xsl:for-each select="ed:blocks(.)">
          <ed:u id="{@xml:id}" v="{$v}" k="{position()}"/>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="by-id" as="map(xs:string, element(ed:u))" select="map:merge($units ! map{string(@id): .})"/>
    <!-- every unit -> the first unit of its component -->
    <xsl:variable name="comp" as="map(xs:string, xs:string)">
      <xsl:iterate select="$units">
        <xsl:param name="m" as="map(xs:string, xs:string)" select="map{}"/>
        <xsl:on-completion select="$m"/>
        <xsl:choose>
          <xsl:when test="map:contains($m, string(@id))"><xsl:next-iteration/></xsl:when>
          <xsl:otherwise>
            <xsl:variable name="key" select="string(@id)"/>
            <xsl:variable name="members" select="ed:para-closure($key, $used)[map:contains($by-id, .)]"/>
            <!-- map:put, not map:merge(($m, …)): merging copied the growing map once per component -->
            <xsl:next-iteration>
              <xsl:with-param name="m" select="fold-left($members, $m, function($acc, $id) {
                                                 if (map:contains($acc, $id)) then $acc else map:put($acc, $id, $key) })"/>
            </xsl:next-iteration>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:iterate>
    </xsl:variable>
    <xsl:variable name="members" as="map(xs:string, xs:string*)">
      <xsl:map>
        <xsl:for-each-group select="$units" group-by="$comp(string(@id))">
          <xsl:map-entry key="current-grouping-key()" select="current-group()/@id/string()"/>
        </xsl:for-each-group>
      </xsl:map>
    </xsl:variable>
    <!-- rows in reading order: the component at the head of every version it has units in, the
         first version first (links that cross: the first version's head all the same) -->
    <xsl:variable name="rows" as="element(ed:row)*">
      <xsl:iterate select="$units">
        <xsl:param name="rem" as="map(xs:integer, xs:string*)"
                   select="map:merge(for $v in 1 to count($shown) return map{$v: $units[@v = $v]/@id/string()})"/>
        <xsl:variable name="heads" select="for $v in 1 to count($shown) return $rem($v)[1]"/>
        <xsl:choose>
          <xsl:when test="empty($heads)"><xsl:break/></xsl:when>
          <xsl:otherwise>
            <xsl:variable name="ready" select="$heads ! $comp(.)[
                let $c := $members(.) return
                every $v in 1 to count($shown) satisfies
                  (let $cv := $c[$by-id(.)/@v = $v] return ed:starts($rem($v), $cv))]"/>
            <xsl:variable name="row" select="$members(($ready, $comp($heads[1]))[1])"/>
            <ed:row>
              <!-- $row is in the order of $units (ed:u elements by version, then place) -->
              <xsl:sequence select="$row ! $by-id(.)"/>
            </ed:row>
            <!-- the row's units of a version are usually the head of what remains of it: dropped, not searched for -->
            <xsl:next-iteration>
              <xsl:with-param name="rem" select="map:merge(for $v in 1 to count($shown) return map{$v:
                  let $cv := $row[$by-id(.)/@v = $v] return
                  if (ed:starts($rem($v), $cv)) then subsequence($rem($v), count($cv) + 1)
                  else $rem($v)[not(. = $row)]})"/>
            </xsl:next-iteration>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:iterate>
    </xsl:variable>
    <!-- per version shown, the paragraph groups linking it to the original -->
    <xsl:variable name="link-sets" as="map(xs:string, element(linkGrp)*)"
                  select="map:merge(for $id in $ids return map{$id: $used[ed:pointer-ids(@corresp)[2] = $id]})"/>
    <xsl:variable name="placed" as="element(ed:row)*">
      <xsl:for-each select="$rows">
        <xsl:variable name="pivot" select="ed:u[@v = '1']/@id/string()"/>
        <!-- each other version's units, in runs linked to the same pivot units -->
        <xsl:variable name="g" as="element(ed:g)*">
          <xsl:for-each-group select="ed:u[@v != '1']" group-adjacent="
              let $x := string(@id), $own := $link-sets($ids[xs:integer(current()/@v)]),
                  $s := if ($ids[1] eq $orig) then ed:linked($x, $own)[. = $pivot]
                        else ed:linked(ed:linked($x, $own)[id(., root($tei))/ancestor::text[1]/@xml:id = $orig],
                                       $link-sets($ids[1]))[. = $pivot],
                  $i := $s ! index-of($pivot, .)
              return @v || ' ' || (if (exists($i)) then min($i) || ' ' || max($i) else '0 0')">
            <ed:g v="{@v}" a="{tokenize(current-grouping-key(), ' ')[2]}" b="{tokenize(current-grouping-key(), ' ')[3]}"
                  k="{count(current-group())}" ids="{current-group()/@id}"/>
          </xsl:for-each-group>
        </xsl:variable>
        <xsl:variable name="c" select="ed:row-tracks($g, for $p in $pivot return 1)"/>
        <ed:row>
          <xsl:for-each select="$pivot">
            <xsl:variable name="i" select="position()"/>
            <ed:p id="{.}" start="{ed:track-start($c, $i)}" end="{ed:track-end($c, $i)}" key="{ed:track-end($c, $i)} 1 {$i}"/>
          </xsl:for-each>
          <xsl:for-each-group select="$g" group-by="@v">
            <xsl:iterate select="current-group()">
              <xsl:param name="prev" as="xs:integer" select="0"/>
              <xsl:variable name="start" select="if (@a = '0') then $prev + 1 else max((ed:track-start($c, xs:integer(@a)), $prev + 1))"/>
              <xsl:variable name="members" select="tokenize(@ids)"/>
              <xsl:variable name="limit" select="if (@a = '0') then $start + count($members) - 1 else ed:track-end($c, xs:integer(@b))"/>
              <xsl:variable name="v" select="@v"/>
              <xsl:for-each select="$members">
                <ed:p id="{.}" start="{$start + position() - 1}"
                      end="{if (position() eq last()) then $limit else $start + position() - 1}"
                      key="{$limit} {$v} {position()}"/>
              </xsl:for-each>
              <xsl:next-iteration><xsl:with-param name="prev" select="$limit"/></xsl:next-iteration>
            </xsl:iterate>
          </xsl:for-each-group>
        </ed:row>
      </xsl:for-each>
    </xsl:variable>
    <!-- the tracks and the units before each row: (tracks, order) per row, then the tracks in all -->
    <xsl:variable name="before" as="xs:integer*">
      <xsl:iterate select="$placed">
        <xsl:param name="tracks" as="xs:integer" select="0"/>
        <xsl:param name="order" as="xs:integer" select="0"/>
        <xsl:on-completion select="$tracks"/>
        <xsl:sequence select="$tracks, $order"/>
        <xsl:next-iteration>
          <xsl:with-param name="tracks" select="$tracks + max((0, ed:p/xs:integer(@end)))"/>
          <xsl:with-param name="order" select="$order + count(ed:p)"/>
        </xsl:next-iteration>
      </xsl:iterate>
    </xsl:variable>
    <!-- one map:merge of all the units (the first entry of an id wins, as row by row) -->
    <xsl:variable name="out" as="map(xs:string, xs:integer+)*">
      <xsl:for-each select="$placed">
        <xsl:variable name="r" select="position()"/>
        <xsl:variable name="tracks" select="$before[2 * $r - 1]"/>
        <xsl:variable name="order" select="$before[2 * $r]"/>
        <xsl:variable name="sorted" as="element(ed:p)*">
          <xsl:perform-sort select="ed:p">
            <xsl:sort select="xs:integer(tokenize(@key)[1])"/>
            <xsl:sort select="xs:integer(tokenize(@key)[2])"/>
            <xsl:sort select="xs:integer(tokenize(@key)[3])"/>
          </xsl:perform-sort>
        </xsl:variable>
        <xsl:sequence select="for $i in 1 to count($sorted) return let $p := $sorted[$i] return
                              map{string($p/@id): ($tracks + xs:integer($p/@start), $tracks + xs:integer($p/@end), $order + $i)}"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="map{'tracks': $before[last()], 'units': map:merge($out),
                              'rows': map:merge(for $r in 1 to count($placed) return $placed[$r]/ed:p ! map{string(@id): $r})}"/>
  </xsl:function>

  <!-- The sets of versions a reader may choose (every non-empty one up to four versions; beyond,
       each version alone, the original with each translation, and all), as sequences of indexes. -->
  <xsl:function name="ed:version-sets" as="array(xs:integer+)*">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="if ($n le 4) then
                            for $mask in 1 to (xs:integer(math:pow(2, $n)) - 1)
                            return array{(1 to $n)[($mask idiv xs:integer(math:pow(2, . - 1))) mod 2 eq 1]}
                          else ((1 to $n) ! array{.}, (2 to $n) ! array{(1, .)}, array{1 to $n})"/>
  </xsl:function>

  <!-- A sentence: a plain span with its id; align.js gives it its marks (class "unaligned", data-links,
       data-cert, title) from the container's data-sentences. -->
  <xsl:template match="s[@xml:id]" mode="text">
    <span class="s" id="{@xml:id}">
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <xsl:apply-templates mode="text"/>
    </span>
  </xsl:template>
</xsl:stylesheet>
